"""A teacher reads everything that was stopped in their class, and why."""

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from classrooms.models import Assignment, Classroom, User
from generation import lifecycle
from generation.models import DisallowedTerm, Generation, SafetySettings
from generation.safety.terms import disallowed_term_add
from generation.services import generation_submit
from tests.support.factories import GenerationFactory, blocked_generation, finished_generation


def submit(student: User, assignment: Assignment, prompt: str) -> Generation:
    [generation] = generation_submit(
        student=student, assignment=assignment, prompt=prompt, options={}
    )
    return generation


def blocked(student: User, assignment: Assignment, **extra: Any) -> Generation:
    """A blocked attempt as submission saves it, at any moment a test needs."""
    return blocked_generation(student=student, assignment=assignment, **extra)


def row(page: str, generation: Generation) -> str:
    """The log's table row for one generation."""
    start = page.index(f'id="log-{generation.pk}"')
    return page[start : page.index("</tr>", start)]


def summary_row(page: str, student: User) -> str:
    start = page.index(f'id="summary-{student.pk}"')
    return page[page.rindex("<tr", 0, start) : page.index("</tr>", start)]


def log_url(classroom: Classroom) -> str:
    return reverse("teacher_safety_log", args=[classroom.pk])


# What the log shows


def test_teacher_sees_everything_stopped_in_their_class_with_layer_rule_and_status(
    client: Client,
    teacher: User,
    student: User,
    classmate: User,
    classroom: Classroom,
    assignment: Assignment,
) -> None:
    disallowed_term_add(actor=teacher, term="zombie", classroom=classroom)
    school = submit(student, assignment, "a knight with swords at the castle")
    in_class = submit(classmate, assignment, "a zombie at the Colosseum")
    filtered = GenerationFactory(
        student=student,
        assignment=assignment,
        filtered=True,
        error_message="stopped",
        error_detail="content_policy_violation",
        safety_rule="content_policy_violation",
    )
    rejected = finished_generation(student=classmate, assignment=assignment)
    lifecycle.reject(rejected, by=teacher, reason="Please show the whole monument.")
    approved = finished_generation(
        student=student, assignment=assignment, status=Generation.Status.APPROVED
    )
    client.force_login(teacher)

    response = client.get(log_url(classroom))

    assert response.status_code == 200
    page = response.content.decode()
    assert "a knight with swords at the castle" in row(page, school)
    assert "School disallow list" in row(page, school)
    assert "<code>swords</code>" in row(page, school)
    assert "Not sent" in row(page, school)
    assert "Ben" in row(page, in_class)
    assert "Class disallow list" in row(page, in_class)
    assert "<code>zombie</code>" in row(page, in_class)
    assert "Image service&#x27;s safety filter" in row(page, filtered)
    assert "content_policy_violation" in row(page, filtered)
    assert "Teacher review" in row(page, rejected)
    assert "Please show the whole monument." in row(page, rejected)
    assert f'id="log-{approved.pk}"' not in page
    # Newest first.
    assert page.index(f'id="log-{rejected.pk}"') < page.index(f'id="log-{school.pk}"')


def test_the_log_hides_other_classes_attempts(
    client: Client,
    teacher: User,
    outsider: User,
    classroom: Classroom,
    other_assignment: Assignment,
) -> None:
    theirs = blocked(outsider, other_assignment, prompt="a dragon with a sword of fire")
    client.force_login(teacher)

    response = client.get(log_url(classroom))

    assertNotContains(response, f'id="log-{theirs.pk}"')
    assertNotContains(response, "a dragon with a sword of fire")
    assertNotContains(response, "Zoe")


def test_a_teacher_of_two_classes_sees_each_class_on_its_own_page(
    client: Client,
    teacher: User,
    student: User,
    outsider: User,
    classroom: Classroom,
    other_classroom: Classroom,
    assignment: Assignment,
    other_assignment: Assignment,
) -> None:
    other_classroom.teachers.add(teacher)
    here = blocked(student, assignment)
    there = blocked(outsider, other_assignment)
    client.force_login(teacher)

    page = client.get(log_url(classroom)).content.decode()

    assert f'id="log-{here.pk}"' in page
    assert f'id="log-{there.pk}"' not in page


def test_the_log_is_paginated_fifty_rows_at_a_time_newest_first(
    client: Client, teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    now = timezone.now()
    oldest = blocked(student, assignment, created_at=now - timedelta(days=30))
    for minutes in range(50):
        blocked(student, assignment, created_at=now - timedelta(minutes=minutes))
    client.force_login(teacher)

    first = client.get(log_url(classroom))
    second = client.get(log_url(classroom), {"page": 2})

    assert len(first.context["page"]) == 50
    assertNotContains(first, f'id="log-{oldest.pk}"')
    assertContains(first, "Page 1 of 2")
    assert list(second.context["page"]) == [oldest]


def test_the_class_page_links_to_the_safety_log(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_class", args=[classroom.pk]))

    assertContains(response, f'href="{log_url(classroom)}"')


def test_loading_the_log_costs_the_same_queries_for_five_rows_as_for_thirty(
    client: Client,
    teacher: User,
    student: User,
    classmate: User,
    classroom: Classroom,
    assignment: Assignment,
    django_assert_max_num_queries,
) -> None:
    second_assignment = Assignment.objects.create(classroom=classroom, title="Animals in space")
    disallowed_term_add(actor=teacher, term="zombie", classroom=classroom)
    client.force_login(teacher)

    def add_rows(count: int) -> None:
        for n in range(count):
            blocked(
                [student, classmate][n % 2],
                [assignment, second_assignment][n % 3 % 2],
            )

    add_rows(5)
    with CaptureQueriesContext(connection) as five_rows:
        assert client.get(log_url(classroom)).status_code == 200
    add_rows(25)

    with django_assert_max_num_queries(len(five_rows)):
        response = client.get(log_url(classroom))

    assert len(response.context["page"]) == 30


# Repeated attempts


def test_a_student_who_keeps_trying_today_is_highlighted(
    client: Client,
    teacher: User,
    student: User,
    classmate: User,
    classroom: Classroom,
    assignment: Assignment,
) -> None:
    for _ in range(3):
        submit(student, assignment, "a knight with swords")
    for _ in range(2):
        submit(classmate, assignment, "a knight with swords")
    client.force_login(teacher)

    page = client.get(log_url(classroom)).content.decode()

    keeps_trying = summary_row(page, student)
    assert 'class="repeated-attempts"' in keeps_trying
    assert "3 blocked attempts today" in keeps_trying
    assert "repeated-attempts" not in summary_row(page, classmate)
    assert "blocked attempts today" not in summary_row(page, classmate)
    # The student who needs attention comes first.
    assert page.index(f'id="summary-{student.pk}"') < page.index(f'id="summary-{classmate.pk}"')


def test_the_highlight_follows_the_notification_setting(
    client: Client, teacher: User, student: User, classroom: Classroom, assignment: Assignment
) -> None:
    SafetySettings.objects.update_or_create(pk=1, defaults={"notify_after_blocked_attempts": 2})
    for _ in range(2):
        blocked(student, assignment)
    client.force_login(teacher)

    page = client.get(log_url(classroom)).content.decode()

    assert "2 blocked attempts today" in summary_row(page, student)


@pytest.mark.parametrize(("attempts", "highlighted"), [(2, False), (3, True)])
def test_with_e_mails_off_the_highlight_starts_at_three(
    client: Client,
    teacher: User,
    student: User,
    classroom: Classroom,
    assignment: Assignment,
    attempts: int,
    highlighted: bool,
) -> None:
    SafetySettings.objects.update_or_create(pk=1, defaults={"notify_after_blocked_attempts": 0})
    for _ in range(attempts):
        blocked(student, assignment)
    client.force_login(teacher)

    page = client.get(log_url(classroom)).content.decode()

    assert ("repeated-attempts" in summary_row(page, student)) is highlighted


def test_the_summary_counts_this_week_and_this_class_only(
    client: Client,
    teacher: User,
    student: User,
    classroom: Classroom,
    assignment: Assignment,
    other_classroom: Classroom,
    other_assignment: Assignment,
) -> None:
    other_classroom.students.add(student)
    now = timezone.now()
    old = blocked(student, assignment, created_at=now - timedelta(days=8))
    blocked(student, assignment, created_at=now - timedelta(days=2))
    for _ in range(4):
        blocked(student, other_assignment)
    rejected = finished_generation(student=student, assignment=assignment)
    lifecycle.reject(rejected, by=teacher, reason="Not about the assignment.")
    client.force_login(teacher)

    response = client.get(log_url(classroom))

    [summary] = response.context["summary"]
    assert summary == student
    assert (summary.blocked_today, summary.blocked_week, summary.rejected_week) == (0, 1, 1)
    assert "repeated-attempts" not in summary_row(response.content.decode(), student)
    # Older attempts leave the summary but stay in the log.
    assertContains(response, f'id="log-{old.pk}"')


# The wrong person, on every address


def _addresses(classroom: Classroom) -> list[tuple[str, str]]:
    return [
        ("get", log_url(classroom)),
        ("post", reverse("teacher_class_term_add", args=[classroom.pk])),
        ("post", reverse("teacher_class_term_remove", args=[classroom.pk])),
    ]


@pytest.fixture
def zombie(teacher: User, classroom: Classroom) -> DisallowedTerm:
    term, _created = disallowed_term_add(actor=teacher, term="zombie", classroom=classroom)
    return term


def _send(client: Client, method: str, url: str, zombie: DisallowedTerm):  # type: ignore[no-untyped-def]
    if method == "get":
        return client.get(url)
    data = {"term": str(zombie.pk)} if url.endswith("remove/") else {"term": "werewolf"}
    return client.post(url, data)


def _nothing_changed(classroom: Classroom, zombie: DisallowedTerm) -> None:
    assert list(DisallowedTerm.objects.filter(classroom=classroom)) == [zombie]


def test_another_teacher_gets_not_found_on_every_address(
    client: Client, other_teacher: User, classroom: Classroom, zombie: DisallowedTerm
) -> None:
    client.force_login(other_teacher)
    for method, url in _addresses(classroom):
        assert _send(client, method, url, zombie).status_code == 404, url
    _nothing_changed(classroom, zombie)


def test_a_student_of_the_class_is_refused_on_every_address(
    client: Client, student: User, classroom: Classroom, zombie: DisallowedTerm
) -> None:
    client.force_login(student)
    for method, url in _addresses(classroom):
        assert _send(client, method, url, zombie).status_code == 403, url
    _nothing_changed(classroom, zombie)


def test_an_anonymous_visitor_is_sent_to_sign_in_on_every_address(
    client: Client, classroom: Classroom, zombie: DisallowedTerm
) -> None:
    for method, url in _addresses(classroom):
        response = _send(client, method, url, zombie)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
        assert f"{REDIRECT_FIELD_NAME}=" in response["Location"]
    _nothing_changed(classroom, zombie)


def test_the_term_addresses_accept_only_posts(
    client: Client, teacher: User, classroom: Classroom, zombie: DisallowedTerm
) -> None:
    client.force_login(teacher)
    for _method, url in _addresses(classroom)[1:]:
        assert client.get(url).status_code == 405, url
    _nothing_changed(classroom, zombie)


# The class's word form posts to the log page itself (issue 10, item 9)


def test_the_word_form_posts_to_the_log_so_a_page_of_errors_can_be_reloaded(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)
    page = client.get(log_url(classroom)).content.decode()
    assert f'action="{log_url(classroom)}#class-terms"' in page

    refused = client.post(log_url(classroom), {"term": "   "})
    assertContains(refused, "Please write the word or phrase you want to block.", status_code=400)
    assert client.get(log_url(classroom)).status_code == 200

    added = client.post(log_url(classroom), {"term": "Werewolf"}, follow=True)
    assert added.redirect_chain == [(log_url(classroom) + "#class-terms", 302)]
    assertContains(added, "“werewolf” is now blocked in this class.")
    assert list(
        DisallowedTerm.objects.filter(classroom=classroom).values_list("term", flat=True)
    ) == ["werewolf"]


def test_only_the_class_teacher_can_add_a_word_through_the_log_page(
    client: Client,
    other_teacher: User,
    student: User,
    classroom: Classroom,
    zombie: DisallowedTerm,
) -> None:
    for person, status in ((other_teacher, 404), (student, 403)):
        client.force_login(person)
        assert client.post(log_url(classroom), {"term": "werewolf"}).status_code == status
    _nothing_changed(classroom, zombie)
