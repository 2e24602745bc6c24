"""The prompt builder: its rule, the student's form with it on and off (the server puts
the parts together when no script did), and the teacher's switch for it."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from classrooms.models import Assignment, User
from generation.forms import BUILDER_FIELDS, PromptForm
from generation.models import Generation
from generation.prompt_builder import PART_MAX_LENGTH, compose_from_parts
from tests.support.factories import prompt_post

LESSON_PARTS = {
    "subject": "a friendly robot",
    "action": "watering plants",
    "style": "watercolour",
    "setting": "in a rooftop garden",
    "details": "with a red watering can",
    "quality": "bright, detailed",
}
LESSON_PROMPT = (
    "A friendly robot watering plants, in a rooftop garden, with a red watering can, "
    "watercolour, bright, detailed"
)


@pytest.fixture
def builder_assignment(assignment: Assignment) -> Assignment:
    assignment.prompt_builder = True
    assignment.save(update_fields=["prompt_builder"])
    return assignment


def builder_post(student: User, assignment: Assignment, prompt: str = "", **parts: str) -> dict:
    fields = {f"builder_{name}": value for name, value in parts.items()}
    return prompt_post(student=student, assignment=assignment, prompt=prompt, **fields)


# --- the rule ------------------------------------------------------------------------------


def test_the_lessons_six_parts_make_the_lessons_prompt() -> None:
    assert compose_from_parts(LESSON_PARTS) == LESSON_PROMPT


def test_empty_parts_are_left_out_without_extra_commas() -> None:
    parts = {"subject": "a cat", "action": "", "style": "pixel art", "setting": "  "}

    assert compose_from_parts(parts) == "A cat, pixel art"


def test_spaces_and_commas_at_the_ends_of_a_part_are_tidied() -> None:
    parts = {"subject": "  a   big\tdog ,", "action": " , running", "quality": "bright,"}

    assert compose_from_parts(parts) == "A big dog running, bright"


def test_a_phrase_without_a_subject_still_starts_with_a_capital_letter() -> None:
    assert compose_from_parts({"setting": "under the sea", "style": "oil painting"}) == (
        "Under the sea, oil painting"
    )


def test_no_parts_make_an_empty_prompt() -> None:
    assert compose_from_parts({}) == ""
    assert compose_from_parts(dict.fromkeys(LESSON_PARTS, " ")) == ""


# --- the student's form --------------------------------------------------------------------


def test_with_the_builder_on_the_server_puts_the_parts_together_when_the_box_is_empty(
    client: Client, student: User, builder_assignment: Assignment
) -> None:
    client.force_login(student)

    response = client.post(
        reverse("student_assignment", args=[builder_assignment.pk]),
        builder_post(student, builder_assignment, **LESSON_PARTS),
    )

    assert response.status_code == 302
    generation = Generation.objects.get()
    assert generation.prompt == LESSON_PROMPT
    assert generation.status == Generation.Status.QUEUED


def test_words_the_child_wrote_in_the_box_win_over_the_parts(
    client: Client, student: User, builder_assignment: Assignment
) -> None:
    client.force_login(student)

    client.post(
        reverse("student_assignment", args=[builder_assignment.pk]),
        builder_post(student, builder_assignment, "a robot on a bike", subject="a friendly robot"),
    )

    assert Generation.objects.get().prompt == "a robot on a bike"


def test_blocked_words_in_a_part_are_still_blocked(
    client: Client, student: User, builder_assignment: Assignment
) -> None:
    client.force_login(student)

    response = client.post(
        reverse("student_assignment", args=[builder_assignment.pk]),
        builder_post(student, builder_assignment, subject="a knight", details="with swords"),
        follow=True,
    )

    generation = Generation.objects.get()
    assert generation.status == Generation.Status.BLOCKED
    assert (generation.safety_layer, generation.safety_rule) == ("school_list", "swords")
    assert generation.prompt == "A knight, with swords"
    assertContains(response, "not allowed at school")


def test_empty_parts_and_an_empty_box_get_the_kind_empty_prompt_message(
    client: Client, student: User, builder_assignment: Assignment
) -> None:
    client.force_login(student)

    response = client.post(
        reverse("student_assignment", args=[builder_assignment.pk]),
        builder_post(student, builder_assignment, subject="  "),
    )

    assertContains(response, "Please write what you would like to see", status_code=400)
    assert not Generation.objects.exists()


def test_a_part_too_long_gets_a_kind_message_beside_it(
    client: Client, student: User, builder_assignment: Assignment
) -> None:
    client.force_login(student)

    response = client.post(
        reverse("student_assignment", args=[builder_assignment.pk]),
        builder_post(student, builder_assignment, subject="a" * (PART_MAX_LENGTH + 1)),
    )

    assertContains(response, "This part is a little long", status_code=400)
    assert not Generation.objects.exists()


def test_the_builder_shows_six_labelled_parts_with_examples_in_a_fieldset(
    client: Client, student: User, builder_assignment: Assignment
) -> None:
    client.force_login(student)

    response = client.get(reverse("student_assignment", args=[builder_assignment.pk]))

    assertContains(response, "<legend>Build your prompt</legend>", html=True)
    for name, example in LESSON_PARTS.items():
        assertContains(response, f'<label for="id_builder_{name}">', count=1)
        assertContains(response, f'data-builder-part="{name}"', count=1)
        assertContains(response, f"For example: {example}")
    assertContains(response, "js/prompt-builder.js")
    # The parts are drawn once, in the builder: not again by the form's own rendering.
    assertContains(response, 'name="builder_subject"', count=1)
    assertContains(response, 'name="prompt"', count=1)


def test_with_the_builder_off_the_form_has_no_parts(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)

    response = client.get(reverse("student_assignment", args=[assignment.pk]))

    assert not set(BUILDER_FIELDS) & set(response.context["form"].fields)
    assertNotContains(response, "Build your prompt")
    assertNotContains(response, "prompt-builder.js")


def test_with_the_builder_off_posted_parts_are_ignored(
    student: User, assignment: Assignment
) -> None:
    form = PromptForm(
        builder_post(student, assignment, **LESSON_PARTS), assignment=assignment, student=student
    )

    assert form.is_valid()
    assert form.cleaned_data["prompt"] == ""


# --- the teacher's switch -------------------------------------------------------------------


def test_a_teacher_turns_the_builder_on_for_an_assignment(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    page = client.get(reverse("teacher_assignment_edit", args=[assignment.pk]))
    assertContains(page, 'name="prompt_builder"')

    response = client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        {
            "title": assignment.title,
            "instructions": assignment.instructions,
            "image_limit": "5",
            "requires_approval": "on",
            "allowed_orientations": ["square"],
            "allowed_qualities": ["standard"],
            "allowed_styles": ["vivid"],
            "prompt_builder": "on",
        },
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.prompt_builder is True
