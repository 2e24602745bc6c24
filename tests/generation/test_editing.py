"""A student changes part of one of their own pictures: paint, say what changes, see the chain.

Every edit is a new picture linked to its parent, through every safety layer again.
"""

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from classrooms.models import Assignment, User
from generation import messages
from generation.models import Generation
from generation.safety.terms import disallowed_term_add
from generation.selectors import images_used
from generation.services import generation_draw_next
from generation.services.again import generation_submit_again
from tests.support.factories import GenerationFactory, form_token_on
from tests.support.fake_image_api import FakeImageAPI
from tests.support.paintings import painting

SIZE = (256, 256)
# The top-left quarter of the picture, painted on a canvas half the picture's size.
TOP_LEFT = painting((128, 128), (0, 0, 63, 63))


def drawn_picture(student: User, assignment: Assignment, **fields: object) -> Generation:
    fields.setdefault("awaiting_review", True)
    return GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="a bunny in a meadow",
        size="256x256",
        options={"orientation": "square"},
        with_picture=True,
        **fields,
    )


def ask_for_change(
    client: Client, picture: Generation, *, instruction: str = "add a red party hat", **data: str
) -> object:
    page = client.get(reverse("edit_picture", args=[picture.pk]))
    return client.post(
        reverse("edit_picture", args=[picture.pk]),
        {
            "form_token": form_token_on(page.content.decode()),
            "instruction": instruction,
            "painted_area": TOP_LEFT,
            "keeps_outside": "on",
            **data,
        },
    )


def pixels(stored: object) -> Image.Image:
    with stored.open("rb") as file:  # type: ignore[attr-defined]
        picture = Image.open(io.BytesIO(file.read()))
        return picture.convert("RGB")


def the_edit(parent: Generation) -> Generation:
    return Generation.objects.get(parent=parent)


def test_a_student_paints_part_of_her_picture_and_a_changed_picture_is_on_its_way(
    client: Client, student: User, assignment: Assignment
) -> None:
    bunny = drawn_picture(student, assignment)
    client.force_login(student)
    used_before = images_used(student=student, assignment=assignment)

    response = ask_for_change(client, bunny)

    assert response.status_code == 302
    edit = the_edit(bunny)
    assert edit.status == Generation.Status.QUEUED
    assert edit.prompt == "add a red party hat"
    assert edit.size == "256x256"
    assert edit.keeps_outside is True
    with Image.open(io.BytesIO(bytes(edit.edit_mask))) as mask:
        assert mask.size == SIZE
        assert mask.getpixel((10, 10))[3] == 0  # painted: the area to change
        assert mask.getpixel((200, 200))[3] == 255  # kept
    assert images_used(student=student, assignment=assignment) == used_before + 1


def test_the_worker_changes_only_the_painted_part_and_the_teacher_reviews_the_change(
    client: Client, teacher: User, student: User, assignment: Assignment
) -> None:
    bunny = drawn_picture(student, assignment)
    client.force_login(student)
    ask_for_change(client, bunny)
    edit = the_edit(bunny)

    generation_draw_next(generation_id=edit.pk)

    edit.refresh_from_db()
    assert edit.status == Generation.Status.AWAITING_REVIEW
    before, after = pixels(bunny.image), pixels(edit.image)
    assert after.getpixel((200, 200)) == before.getpixel((200, 200))
    assert after.getpixel((240, 130)) == before.getpixel((240, 130))
    assert after.crop((0, 0, 64, 64)).tobytes() != before.crop((0, 0, 64, 64)).tobytes()
    # The picture page shows the chain, original first.
    page = client.get(reverse("image", args=[edit.pk]))
    assertContains(page, reverse("image", args=[bunny.pk]))
    assertContains(page, "Original")
    original_page = client.get(reverse("image", args=[bunny.pk]))
    assertContains(original_page, reverse("image", args=[edit.pk]))
    # The teacher sees it is a change, with a way to the original, and decides as usual.
    client.force_login(teacher)
    queue = client.get(reverse("review_queue"))
    assertContains(queue, "A change of an earlier picture")
    client.post(reverse("review", args=[edit.pk]), {"decision": "approve"})
    edit.refresh_from_db()
    assert edit.status == Generation.Status.APPROVED


def test_the_change_goes_to_openai_as_an_edit_with_the_picture_and_the_mask(
    client: Client, student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.IMAGE_MODEL = "gpt-image-2"
    bunny = drawn_picture(student, assignment)
    client.force_login(student)
    ask_for_change(client, bunny, keeps_outside="")
    edit = the_edit(bunny)

    generation_draw_next(generation_id=edit.pk)

    [sent] = [r for r in openai_provider.requests if r["path"].endswith("/images/edits")]
    assert sent["form"]["size"] == "256x256"
    assert "add a red party hat" in sent["form"]["prompt"]
    assert sent["form"]["prompt"] != "add a red party hat"  # framed by the metaprompt
    assert {"image", "mask"} <= set(sent["files"])
    assert sent["files"]["mask"].data == bytes(edit.edit_mask)
    edit.refresh_from_db()
    assert edit.status == Generation.Status.AWAITING_REVIEW


def test_a_change_the_lists_block_reaches_no_service_at_all(
    client: Client, student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.IMAGE_MODEL = "gpt-image-2"
    bunny = drawn_picture(student, assignment)
    client.force_login(student)

    ask_for_change(client, bunny, instruction="give the bunny swords")

    edit = the_edit(bunny)
    assert edit.status == Generation.Status.BLOCKED
    generation_draw_next(generation_id=edit.pk)
    assert openai_provider.requests == []


def test_a_term_added_while_the_change_waited_stops_it_in_the_worker(
    client: Client,
    teacher: User,
    student: User,
    assignment: Assignment,
    openai_provider: FakeImageAPI,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.IMAGE_MODEL = "gpt-image-2"
    bunny = drawn_picture(student, assignment)
    client.force_login(student)
    ask_for_change(client, bunny, instruction="add a pumpkin")
    edit = the_edit(bunny)
    disallowed_term_add(actor=teacher, term="pumpkin", classroom=assignment.classroom)

    generation_draw_next(generation_id=edit.pk)

    edit.refresh_from_db()
    assert edit.status == Generation.Status.BLOCKED
    assert openai_provider.requests == []


def test_nothing_painted_gets_a_kind_message_and_makes_nothing(
    client: Client, student: User, assignment: Assignment
) -> None:
    bunny = drawn_picture(student, assignment)
    client.force_login(student)

    response = ask_for_change(client, bunny, painted_area="")

    assert response.status_code == 400
    assertContains(response, "paint", status_code=400)
    assert not Generation.objects.filter(parent=bunny).exists()


def test_a_double_click_makes_one_change(
    client: Client, student: User, assignment: Assignment
) -> None:
    bunny = drawn_picture(student, assignment)
    client.force_login(student)
    page = client.get(reverse("edit_picture", args=[bunny.pk]))
    data = {
        "form_token": form_token_on(page.content.decode()),
        "instruction": "add a hat",
        "painted_area": TOP_LEFT,
    }

    client.post(reverse("edit_picture", args=[bunny.pk]), data)
    client.post(reverse("edit_picture", args=[bunny.pk]), data)

    assert Generation.objects.filter(parent=bunny).count() == 1


def test_a_classmate_cannot_change_someone_elses_picture(
    client: Client, student: User, classmate: User, assignment: Assignment
) -> None:
    bunny = drawn_picture(student, assignment, approved=True, awaiting_review=False)
    client.force_login(classmate)

    assert client.get(reverse("edit_picture", args=[bunny.pk])).status_code == 404
    response = client.post(
        reverse("edit_picture", args=[bunny.pk]),
        {"instruction": "add a hat", "painted_area": TOP_LEFT},
    )
    assert response.status_code == 404
    assert not Generation.objects.filter(parent=bunny).exists()


@pytest.mark.parametrize("status", ["blocked", "drawing", "failed"])
def test_only_a_drawn_picture_offers_a_change(
    client: Client, student: User, assignment: Assignment, status: str
) -> None:
    picture = GenerationFactory(student=student, assignment=assignment, **{status: True})
    client.force_login(student)

    page = client.get(reverse("edit_picture", args=[picture.pk]))

    assertContains(page, messages.EDIT_NOT_POSSIBLE)
    assertNotContains(page, 'id="edit-form"')


def test_a_teacher_can_switch_changes_off_for_an_assignment(
    client: Client, student: User, assignment: Assignment
) -> None:
    bunny = drawn_picture(student, assignment)
    assignment.editing_allowed = False
    assignment.save(update_fields=["editing_allowed"])
    client.force_login(student)

    assertNotContains(client.get(reverse("image", args=[bunny.pk])), "Change part of this picture")
    response = client.post(
        reverse("edit_picture", args=[bunny.pk]),
        {"instruction": "add a hat", "painted_area": TOP_LEFT},
    )
    assert response.status_code == 400
    assert not Generation.objects.filter(parent=bunny).exists()


def test_the_button_shows_only_where_the_model_can_edit(
    client: Client, student: User, assignment: Assignment, openai_provider: FakeImageAPI, settings
) -> None:  # type: ignore[no-untyped-def]
    bunny = drawn_picture(student, assignment)
    client.force_login(student)

    settings.IMAGE_MODEL = "dall-e-3"
    assertNotContains(client.get(reverse("image", args=[bunny.pk])), "Change part of this picture")
    settings.IMAGE_MODEL = "gpt-image-2"
    assertContains(client.get(reverse("image", args=[bunny.pk])), "Change part of this picture")


def test_another_version_of_a_change_changes_the_same_picture_again(
    client: Client, student: User, assignment: Assignment
) -> None:
    bunny = drawn_picture(student, assignment)
    client.force_login(student)
    ask_for_change(client, bunny)
    first = the_edit(bunny)
    generation_draw_next(generation_id=first.pk)
    first.refresh_from_db()

    again = generation_submit_again(student=student, source=first)

    assert again.parent_id == bunny.pk
    assert bytes(again.edit_mask) == bytes(first.edit_mask)
    assert again.prompt == first.prompt


def test_a_change_whose_picture_was_deleted_fails_kindly(
    client: Client, student: User, assignment: Assignment
) -> None:
    bunny = drawn_picture(student, assignment)
    client.force_login(student)
    ask_for_change(client, bunny)
    edit = the_edit(bunny)
    bunny.image.delete(save=True)

    generation_draw_next(generation_id=edit.pk)

    edit.refresh_from_db()
    assert edit.status == Generation.Status.FAILED
    assert edit.error_message == messages.EDIT_PARENT_GONE


@pytest.mark.parametrize("service", ["offline", "openai"])
def test_a_change_whose_picture_was_damaged_on_disk_fails_kindly_and_stores_nothing(
    client: Client, student: User, assignment: Assignment, service: str, request, settings
) -> None:  # type: ignore[no-untyped-def]
    if service == "openai":
        request.getfixturevalue("openai_provider")
        settings.IMAGE_MODEL = "gpt-image-2"
    bunny = drawn_picture(student, assignment)
    client.force_login(student)
    ask_for_change(client, bunny)
    edit = the_edit(bunny)
    with bunny.image.open("wb") as stored:
        stored.write(b"\x89PNG\r\n\x1a\n not a picture any more")

    generation_draw_next(generation_id=edit.pk)

    edit.refresh_from_db()
    assert edit.status == Generation.Status.FAILED, edit.error_detail
    assert edit.error_message == messages.GENERATION_FAILED
    assert not edit.estimated_cost
    assert not edit.image
