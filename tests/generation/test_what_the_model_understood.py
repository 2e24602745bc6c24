"""What the model understood, on the pages: beside a finished picture, its author (and
whoever may already read its prompt) sees the prompt and the model's version side by
side; nobody else sees more than before."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from classrooms.models import Assignment, User
from generation.models import Generation
from tests.support.factories import GenerationFactory, finished_generation

PROMPT = "a friendly robot watering plants"
REVISED = "A friendly robot watering green plants in a sunny rooftop garden."
ADDED = '<ins><span class="visually-hidden">added by the model: </span>green</ins>'


def drawn_by_a_model(
    student: User, assignment: Assignment, status: str, revised: str = REVISED
) -> Generation:
    generation = finished_generation(
        student=student, assignment=assignment, status=status, prompt=PROMPT
    )
    Generation.objects.filter(pk=generation.pk).update(
        provider="openai", model="dall-e-3", revised_prompt=revised
    )
    return generation


@pytest.fixture
def waiting(student: User, assignment: Assignment) -> Generation:
    return drawn_by_a_model(student, assignment, Generation.Status.AWAITING_REVIEW)


@pytest.fixture
def approved(student: User, assignment: Assignment) -> Generation:
    return drawn_by_a_model(student, assignment, Generation.Status.APPROVED)


def test_the_students_card_on_the_assignment_page_shows_what_the_model_added(
    client: Client, student: User, assignment: Assignment, waiting: Generation
) -> None:
    client.force_login(student)

    response = client.get(reverse("student_assignment", args=[assignment.pk]))

    assertContains(response, "What the model understood")
    assertContains(response, "You wrote")
    assertContains(response, ADDED, html=True)
    assertContains(response, "in a sunny rooftop garden.")


def test_the_students_picture_page_shows_the_prompt_and_the_models_version_side_by_side(
    client: Client, student: User, waiting: Generation
) -> None:
    client.force_login(student)

    response = client.get(reverse("image", args=[waiting.pk]))

    assertContains(response, '<dl class="understood">')
    assertContains(response, "You wrote")
    assertContains(response, "The model’s version")
    assertContains(response, ADDED, html=True)


def test_a_model_that_returned_no_revised_prompt_is_said_so_kindly(
    client: Client, student: User, assignment: Assignment
) -> None:
    generation = drawn_by_a_model(student, assignment, Generation.Status.APPROVED, revised="")
    client.force_login(student)

    response = client.get(reverse("image", args=[generation.pk]))

    assertContains(response, "This model did not rewrite the prompt.")
    assertNotContains(response, "<ins>")


def test_the_class_teacher_sees_it_on_the_picture_page_as_the_students_words(
    client: Client, teacher: User, waiting: Generation
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("image", args=[waiting.pk]))

    assertContains(response, "The student wrote")
    assertContains(response, ADDED, html=True)


def test_a_classmate_cannot_open_an_unapproved_picture_or_what_the_model_understood(
    client: Client, classmate: User, assignment: Assignment, waiting: Generation
) -> None:
    client.force_login(classmate)

    assert client.get(reverse("image", args=[waiting.pk])).status_code == 404
    assert client.get(reverse("image_status", args=[waiting.pk])).status_code == 404
    gallery = client.get(reverse("gallery", args=[assignment.pk]))
    assertNotContains(gallery, "in a sunny rooftop garden")


def test_a_classmate_sees_an_approved_picture_but_not_more_of_its_prompt_than_before(
    client: Client, classmate: User, approved: Generation
) -> None:
    client.force_login(classmate)

    response = client.get(reverse("image", args=[approved.pk]))

    assert response.status_code == 200
    assertNotContains(response, "What the model understood")
    assertNotContains(response, "in a sunny rooftop garden")
    # Her words only as the approved picture's alternative text, as the gallery shows it.
    page = response.content.decode()
    assert f'alt="{PROMPT}"' in page
    assert PROMPT not in re.sub(r'alt="[^"]*"', "", page)


def test_a_picture_still_being_drawn_has_nothing_to_compare_yet(
    client: Client, student: User, assignment: Assignment
) -> None:
    GenerationFactory(student=student, assignment=assignment, prompt=PROMPT, drawing=True)
    client.force_login(student)

    response = client.get(reverse("student_assignment", args=[assignment.pk]))

    assertNotContains(response, "What the model understood")


def test_the_live_card_of_a_finished_picture_shows_it_and_is_still_one_query(
    client: Client, student: User, waiting: Generation
) -> None:
    client.force_login(student)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("image_status", args=[waiting.pk]))

    assertContains(response, ADDED, html=True)
    assertContains(response, "You wrote")
    # The session and the signed-in user, then the picture with everything the card shows.
    assert len(captured.captured_queries) == 3
