"""A student keeps and reuses a prompt: it stays in the form after a submission (a
success or a block), and "Start from this prompt" fills the form from one of their own
pictures, never from a classmate's."""

import html
import re

from django.test import Client
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation
from tests.support.factories import GenerationFactory, finished_generation, prompt_post


def prompt_in_form(page: str) -> str:
    found = re.search(r'<textarea name="prompt"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert found, "the page has no prompt box"
    return html.unescape(found.group(1)).strip()


def chosen(page: str, name: str) -> list[str]:
    """The values of the radio buttons called `name` that are checked."""
    inputs = re.findall(rf'<input type="radio" name="{name}"[^>]*>', page)
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs if " checked" in tag]  # type: ignore[union-attr]


def page_for(client: Client, assignment: Assignment, **query: object) -> str:
    response = client.get(reverse("student_assignment", args=[assignment.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_prompt_and_options_stay_in_the_form_after_a_picture_is_asked_for(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    response = client.post(
        reverse("student_assignment", args=[assignment.pk]),
        prompt_post(
            student=student,
            assignment=assignment,
            prompt="Big Ben on Mars, with <little> green cats",
            orientation="landscape",
            style="natural",
        ),
        follow=True,
    )

    page = response.content.decode()
    assert "Your picture is on its way" in page
    assert prompt_in_form(page) == "Big Ben on Mars, with <little> green cats"
    assert chosen(page, "orientation") == ["landscape"]
    assert chosen(page, "style") == ["natural"]
    assert Generation.objects.get().status == Generation.Status.QUEUED


def test_after_a_block_the_prompt_stays_so_the_child_can_rephrase_it(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    response = client.post(
        reverse("student_assignment", args=[assignment.pk]),
        prompt_post(
            student=student,
            assignment=assignment,
            prompt="a knight with swords at the castle",
            orientation="landscape",
        ),
        follow=True,
    )

    page = response.content.decode()
    assert "not allowed at school" in page
    assert prompt_in_form(page) == "a knight with swords at the castle"
    assert chosen(page, "orientation") == ["landscape"]
    assert Generation.objects.get().status == Generation.Status.BLOCKED


def test_the_form_is_empty_without_a_picture_to_start_from(
    client: Client, student: User, assignment: Assignment
) -> None:
    finished_generation(student=student, assignment=assignment, prompt="a castle of jelly")
    client.force_login(student)
    page = page_for(client, assignment)
    assert prompt_in_form(page) == ""
    assert chosen(page, "orientation") == ["square"]  # the assignment's default


def test_start_from_this_prompt_is_on_every_picture_and_fills_the_form_from_it(
    client: Client, student: User, assignment: Assignment
) -> None:
    older = GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="the Sphinx in the snow",
        options={"orientation": "landscape", "quality": "standard", "style": "natural"},
        approved=True,
        with_picture=True,
    )
    finished_generation(student=student, assignment=assignment, prompt="a newer picture")
    client.force_login(student)

    start_from = f"{reverse('student_assignment', args=[assignment.pk])}?from={older.pk}"
    assert start_from in page_for(client, assignment)
    assert start_from in client.get(reverse("image", args=[older.pk])).content.decode()

    page = page_for(client, assignment, **{"from": older.pk})
    assert prompt_in_form(page) == "the Sphinx in the snow"
    assert chosen(page, "orientation") == ["landscape"]
    assert chosen(page, "style") == ["natural"]


def test_start_from_a_classmates_picture_is_ignored_and_shows_nothing_of_it(
    client: Client, student: User, classmate: User, assignment: Assignment
) -> None:
    theirs = finished_generation(
        student=classmate, assignment=assignment, prompt="Ben's secret volcano idea"
    )
    client.force_login(student)

    page = page_for(client, assignment, **{"from": theirs.pk})

    assert prompt_in_form(page) == ""
    assert "secret volcano" not in page
    assert f"?from={theirs.pk}" not in page


def test_start_from_an_id_of_another_assignment_or_nonsense_is_ignored(
    client: Client, student: User, assignment: Assignment, classroom
) -> None:
    elsewhere = Assignment.objects.create(classroom=classroom, title="Another one")
    mine_elsewhere = finished_generation(
        student=student, assignment=elsewhere, prompt="a whale in a teacup"
    )
    client.force_login(student)

    for value in (mine_elsewhere.pk, "abc", "-1", "99999999999999999999999", "１"):
        assert prompt_in_form(page_for(client, assignment, **{"from": value})) == "", value


def test_an_option_the_assignment_no_longer_offers_falls_back_to_its_default(
    client: Client, student: User, assignment: Assignment
) -> None:
    source = GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="a lighthouse",
        options={"orientation": "portrait", "quality": "standard", "style": "natural"},
        approved=True,
    )
    client.force_login(student)
    page = page_for(client, assignment, **{"from": source.pk})
    assert prompt_in_form(page) == "a lighthouse"
    assert chosen(page, "orientation") == ["square"]
    assert chosen(page, "style") == ["natural"]


def test_a_classmate_sees_no_reuse_buttons_on_an_approved_picture(
    client: Client, student: User, classmate: User, assignment: Assignment
) -> None:
    approved = finished_generation(
        student=student, assignment=assignment, status=Generation.Status.APPROVED
    )
    client.force_login(classmate)
    page = client.get(reverse("image", args=[approved.pk])).content.decode()
    assert "Start from this prompt" not in page
    assert "Another version" not in page
