"""A student asks for another version of one of their pictures: the same prompt and
options again, through every rule a new picture meets (the lists, the limits, an open
assignment, the one-time token)."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import DisallowedTerm, Generation
from generation.services import RepeatedSubmission
from generation.services.again import generation_submit_again
from tests.support.factories import (
    GenerationFactory,
    blocked_generation,
    finished_generation,
    prompt_post,
)

OPTIONS = {"orientation": "landscape", "quality": "standard", "style": "natural"}


@pytest.fixture
def drawn(student: User, assignment: Assignment) -> Generation:
    return GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="the Taj Mahal made of ice cream",
        options=OPTIONS,
        size="1792x1024",
        approved=True,
        with_picture=True,
    )


def again_url(generation: Generation) -> str:
    return reverse("another_version", args=[generation.pk])


def again_token_on(page: str, generation: Generation) -> str:
    """The one-time token in this picture's "Another version" form on a rendered page."""
    form = re.search(
        rf'<form method="post" action="{re.escape(again_url(generation))}".*?</form>', page, re.S
    )
    assert form, "the page has no Another version button for this picture"
    return re.search(r'name="form_token" value="([^"]+)"', form.group()).group(1)  # type: ignore[union-attr]


def press_another_version(client: Client, generation: Generation, where: str) -> str:
    """Open the page, press the picture's button; the page the child lands on."""
    token = again_token_on(client.get(where).content.decode(), generation)
    response = client.post(again_url(generation), {"form_token": token}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def assignment_url(assignment: Assignment) -> str:
    return reverse("student_assignment", args=[assignment.pk])


def test_another_version_makes_exactly_one_new_queued_picture_of_the_same_prompt_and_options(
    client: Client, student: User, assignment: Assignment, drawn: Generation
) -> None:
    client.force_login(student)

    page = press_another_version(client, drawn, assignment_url(assignment))

    new = Generation.objects.exclude(pk=drawn.pk).get()
    assert new.status == Generation.Status.QUEUED
    assert (new.student, new.assignment, new.prompt) == (student, assignment, drawn.prompt)
    assert new.options == OPTIONS
    assert new.size == "1792x1024"
    assert "Another version is on its way" in page
    assert f'id="generation-{new.pk}"' in page


def test_another_version_from_the_picture_page_works_too(
    client: Client, student: User, drawn: Generation
) -> None:
    client.force_login(student)
    press_another_version(client, drawn, reverse("image", args=[drawn.pk]))
    assert Generation.objects.filter(prompt=drawn.prompt).count() == 2


def test_a_double_click_on_another_version_makes_one_picture(
    client: Client, student: User, assignment: Assignment, drawn: Generation
) -> None:
    client.force_login(student)
    token = again_token_on(client.get(assignment_url(assignment)).content.decode(), drawn)

    client.post(again_url(drawn), {"form_token": token})
    second = client.post(again_url(drawn), {"form_token": token}, follow=True)

    assert Generation.objects.count() == 2
    assert "We already have that one" in second.content.decode()


def test_another_version_without_a_token_makes_nothing(
    client: Client, student: User, drawn: Generation
) -> None:
    client.force_login(student)
    page = client.post(again_url(drawn), follow=True).content.decode()
    assert "please press the button again" in page.lower()
    assert Generation.objects.count() == 1


def test_another_version_passes_the_lists_again_so_a_term_added_since_blocks_it(
    client: Client, student: User, assignment: Assignment, drawn: Generation
) -> None:
    client.force_login(student)
    token = again_token_on(client.get(assignment_url(assignment)).content.decode(), drawn)
    DisallowedTerm.objects.create(term="ice cream", classroom=assignment.classroom)

    page = client.post(again_url(drawn), {"form_token": token}, follow=True).content.decode()

    new = Generation.objects.exclude(pk=drawn.pk).get()
    assert new.status == Generation.Status.BLOCKED
    assert new.safety_layer == Generation.SafetyLayer.CLASS_LIST
    assert "not allowed at school" in page


def test_another_version_counts_against_the_limit_and_a_student_at_it_gets_the_kind_message(
    client: Client, student: User, assignment: Assignment, drawn: Generation
) -> None:
    assignment.image_limit = 2
    assignment.save()
    client.force_login(student)

    press_another_version(client, drawn, assignment_url(assignment))
    assert Generation.objects.count() == 2
    # At the limit the button may still be on an open page: pressing it makes nothing.
    token = again_token_on(client.get(reverse("image", args=[drawn.pk])).content.decode(), drawn)
    page = client.post(again_url(drawn), {"form_token": token}, follow=True).content.decode()

    assert "You have made all 2 pictures for this assignment" in page
    assert Generation.objects.count() == 2


def test_another_version_is_refused_when_the_assignment_is_closed(
    client: Client, student: User, assignment: Assignment, drawn: Generation
) -> None:
    client.force_login(student)
    token = again_token_on(client.get(reverse("image", args=[drawn.pk])).content.decode(), drawn)
    assignment.close()

    page = client.post(again_url(drawn), {"form_token": token}, follow=True).content.decode()

    assert "This assignment is closed" in page
    assert Generation.objects.count() == 1
    # The closed assignment's page offers neither button.
    closed_page = client.get(assignment_url(assignment)).content.decode()
    assert "Another version" not in closed_page
    assert "Start from this prompt" not in closed_page


def test_a_blocked_attempt_offers_start_from_this_prompt_but_not_another_version(
    client: Client, student: User, assignment: Assignment
) -> None:
    blocked = blocked_generation(student=student, assignment=assignment)
    client.force_login(student)
    page = client.get(assignment_url(assignment)).content.decode()
    assert f"?from={blocked.pk}" in page
    assert again_url(blocked) not in page

    # Posted anyway (an old page, a crafted form) with a good token: still refused.
    token = prompt_post(student=student, assignment=assignment)["form_token"]
    response = client.post(again_url(blocked), {"form_token": token}, follow=True)
    assert "cannot be made again" in response.content.decode()
    assert Generation.objects.count() == 1


def test_a_picture_still_being_drawn_offers_no_buttons_yet(
    client: Client, student: User, queued: Generation
) -> None:
    client.force_login(student)
    page = client.get(assignment_url(queued.assignment)).content.decode()
    assert "Another version" not in page


def test_a_student_cannot_ask_for_another_version_of_a_classmates_picture(
    client: Client, student: User, classmate: User, assignment: Assignment
) -> None:
    theirs = finished_generation(
        student=classmate, assignment=assignment, status=Generation.Status.APPROVED
    )
    mine = finished_generation(student=student, assignment=assignment)
    client.force_login(student)
    token = again_token_on(client.get(assignment_url(assignment)).content.decode(), mine)

    assert client.post(again_url(theirs), {"form_token": token}).status_code == 404
    assert client.get(again_url(mine)).status_code == 405
    assert Generation.objects.count() == 2


def test_a_student_who_left_the_class_cannot_ask_for_another_version(
    client: Client, student: User, assignment: Assignment, drawn: Generation
) -> None:
    client.force_login(student)
    token = again_token_on(client.get(assignment_url(assignment)).content.decode(), drawn)
    assignment.classroom.students.remove(student)

    assert client.post(again_url(drawn), {"form_token": token}).status_code == 404
    assert Generation.objects.count() == 1


def test_a_teacher_cannot_use_another_version(
    client: Client, teacher: User, drawn: Generation
) -> None:
    client.force_login(teacher)
    assert client.post(again_url(drawn)).status_code in (403, 404)
    assert Generation.objects.count() == 1


# --- the service -----------------------------------------------------------------------------


def test_the_service_refuses_someone_elses_picture_and_makes_nothing(
    classmate: User, drawn: Generation
) -> None:
    with pytest.raises(PermissionDenied):
        generation_submit_again(student=classmate, source=drawn)
    assert Generation.objects.count() == 1


def test_the_service_makes_one_picture_per_token(student: User, drawn: Generation) -> None:
    token = prompt_post(student=student, assignment=drawn.assignment)["form_token"]
    generation_submit_again(student=student, source=drawn, form_token=token)
    with pytest.raises(RepeatedSubmission):
        generation_submit_again(student=student, source=drawn, form_token=token)
    assert Generation.objects.count() == 2
