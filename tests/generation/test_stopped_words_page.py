"""When the lists stop a prompt, the student sees their own words marked (never the
list's term), on the assignment page, the picture page and the live card; a school
setting turns the marking off."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, User
from generation.models import DisallowedTerm, Generation, SafetySettings
from tests.support.factories import blocked_generation, prompt_post

MARK = re.compile(r'<mark><span class="visually-hidden">stopped word: </span>(.*?)</mark>')


def submit(client: Client, student: User, assignment: Assignment, prompt: str) -> str:
    response = client.post(
        reverse("student_assignment", args=[assignment.pk]),
        prompt_post(student=student, assignment=assignment, prompt=prompt),
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def marked(page: str) -> list[str]:
    return MARK.findall(page)


def test_a_blocked_prompt_shows_the_students_own_words_marked(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)

    page = submit(client, student, assignment, "a knight with swords and blood")

    # Once above the form, once on the picture's card.
    assert marked(page) == ["swords", "blood"] * 2
    assert "Why your picture was not made" in page
    assert Generation.objects.get().status == Generation.Status.BLOCKED


def test_an_evasion_is_marked_whole_as_the_student_wrote_it_and_the_term_never_shows(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    for prompt, words in [
        ("a knight with s w o r d s", ["s w o r d s"]),
        ("a knight with SW0RDZ and sw0rds!", ["sw0rds"]),
        ("a knight with ѕwоrdѕ", ["ѕwоrdѕ"]),  # Cyrillic look-alikes
    ]:
        page = submit(client, student, assignment, prompt)
        source = Generation.objects.filter(prompt=prompt).get()
        card = client.get(reverse("image_status", args=[source.pk])).content.decode()
        assert marked(card) == words, prompt
        assert "swords" not in page.lower(), prompt


def test_the_marked_prompt_is_escaped(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    page = submit(client, student, assignment, '<b onclick="x()">swords</b> & more')
    assert "<b onclick" not in page
    assert "&lt;b onclick=&quot;x()&quot;&gt;<mark>" in page
    assert marked(page)[0] == "swords"


def test_a_prompt_the_worker_blocked_is_marked_on_the_picture_page_and_the_live_card(
    client: Client, student: User, assignment: Assignment, teacher: User
) -> None:
    # As the worker leaves it when a term was added while the picture waited.
    DisallowedTerm.objects.create(term="volcano", classroom=assignment.classroom)
    stopped = blocked_generation(
        student=student,
        assignment=assignment,
        prompt="a volcano erupting",
        safety_layer=Generation.SafetyLayer.CLASS_LIST,
        safety_rule="volcano",
        started_at=timezone.now(),
    )
    client.force_login(student)

    picture_page = client.get(reverse("image", args=[stopped.pk])).content.decode()
    card = client.get(reverse("image_status", args=[stopped.pk])).content.decode()
    assignment_page = client.get(
        reverse("student_assignment", args=[assignment.pk])
    ).content.decode()

    assert "volcano" in marked(picture_page)
    assert marked(card) == ["volcano"]
    assert marked(assignment_page) == ["volcano"]


def test_the_school_setting_off_hides_the_marking_and_keeps_the_kind_message(
    client: Client, student: User, assignment: Assignment
) -> None:
    settings_row = SafetySettings.current()
    settings_row.show_stopped_words = False
    settings_row.save()
    client.force_login(student)

    page = submit(client, student, assignment, "a knight with swords")

    assert "<mark" not in page
    assert "Why your picture was not made" not in page
    assert "not allowed at school" in page
    assert "a knight with swords" in page  # their prompt, in the form to rephrase


def test_a_stop_by_another_layer_marks_nothing(
    client: Client, student: User, assignment: Assignment
) -> None:
    blocked_generation(
        student=student,
        assignment=assignment,
        prompt="a knight with swords",
        safety_layer=Generation.SafetyLayer.MODERATION,
        safety_rule="violence",
    )
    client.force_login(student)
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert "<mark" not in page


def test_a_word_allowed_again_since_is_no_longer_marked(
    client: Client, student: User, assignment: Assignment
) -> None:
    term = DisallowedTerm.objects.create(term="volcano", classroom=assignment.classroom)
    client.force_login(student)
    assert marked(submit(client, student, assignment, "a volcano")) == ["volcano"] * 2

    term.delete()
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert "<mark" not in page


def test_marking_a_page_of_blocked_attempts_takes_as_many_queries_for_50_as_for_5(
    client: Client, student: User, assignment: Assignment
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("student_assignment", args=[assignment.pk]))
        assert marked(page.content.decode())
        return len(captured.captured_queries)

    client.force_login(student)
    for _ in range(5):
        blocked_generation(student=student, assignment=assignment)
    queries()  # the settings row made and the lists compiled, once per process
    with_5 = queries()
    for _ in range(45):
        blocked_generation(student=student, assignment=assignment)
    assert queries() == with_5
