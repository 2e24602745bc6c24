"""Who sees a picture being drawn: its owner, on the live card and through the partial
picture's own link; nobody else, and nobody at all once the drawing is over."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation
from tests.support.factories import GenerationFactory, drawing_generation, finished_generation
from tests.support.fake_image_api import png_bytes

PARTIAL = png_bytes("256x256", color=(180, 200, 235))


def with_partial(generation: Generation) -> Generation:
    """As the worker leaves it after a partial picture arrived."""
    name = default_storage.save(
        f"partials/student-{generation.student_id}/{generation.pk}-0-0123456789ab.png",
        ContentFile(PARTIAL),
    )
    Generation.objects.filter(pk=generation.pk).update(partial_image=name)
    generation.refresh_from_db()
    return generation


@pytest.fixture
def being_drawn(student: User, assignment: Assignment) -> Generation:
    return with_partial(drawing_generation(student=student, assignment=assignment))


def partial_link(generation: Generation) -> str:
    return reverse("image_partial", args=[generation.pk])


def test_the_owner_watches_the_picture_so_far_on_the_live_card(
    client, student: User, being_drawn: Generation
) -> None:
    client.force_login(student)

    card = client.get(reverse("image_status", args=[being_drawn.pk])).content.decode()

    assert "data-partial" in card and "Still drawing..." in card
    assert f'src="{partial_link(being_drawn)}?v=0123456789ab"' in card
    assert 'alt="Your picture so far, still being drawn: x"' in card
    assert "data-poll-url" in card  # still polled until the final picture replaces it


def test_the_owner_gets_the_partial_picture_and_no_cache_keeps_it(
    client, student: User, being_drawn: Generation
) -> None:
    client.force_login(student)

    response = client.get(partial_link(being_drawn) + "?v=0123456789ab")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PARTIAL
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", ["classmate", "teacher", "admin_user", "outsider"])
def test_nobody_but_the_owner_gets_the_partial_picture(
    client, request: pytest.FixtureRequest, being_drawn: Generation, who: str
) -> None:
    client.force_login(request.getfixturevalue(who))

    assert client.get(partial_link(being_drawn)).status_code == 404


def test_a_signed_out_visitor_is_sent_to_sign_in_for_the_partial_picture(
    client, being_drawn: Generation
) -> None:
    response = client.get(partial_link(being_drawn))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_teacher_polling_the_card_sees_it_drawing_but_not_the_picture_so_far(
    client, teacher: User, being_drawn: Generation
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("image_status", args=[being_drawn.pk]))

    assert response.status_code == 200
    card = response.content.decode()
    assert "data-partial" not in card and partial_link(being_drawn) not in card
    assert "being drawn" in card  # the usual spinner


def test_a_classmate_cannot_poll_the_card_at_all(
    client, classmate: User, being_drawn: Generation
) -> None:
    client.force_login(classmate)

    assert client.get(reverse("image_status", args=[being_drawn.pk])).status_code == 404


def test_a_finished_picture_shows_its_final_picture_and_never_a_partial(
    client, student: User, assignment: Assignment
) -> None:
    # Even if a partial were somehow left on the row, the final picture is all there is.
    finished = with_partial(finished_generation(student=student, assignment=assignment))
    client.force_login(student)

    card = client.get(reverse("image_status", args=[finished.pk])).content.decode()

    assert "data-partial" not in card
    assert reverse("image_file", args=[finished.pk, "thumb"]) in card
    assert client.get(partial_link(finished)).status_code == 404


def test_a_picture_being_drawn_without_a_partial_yet_has_no_partial_link(
    client, student: User, assignment: Assignment
) -> None:
    drawing = GenerationFactory(student=student, assignment=assignment, drawing=True)
    client.force_login(student)

    card = client.get(reverse("image_status", args=[drawing.pk])).content.decode()

    assert "data-partial" not in card
    assert client.get(partial_link(drawing)).status_code == 404


def test_the_status_poll_still_reads_one_row_in_one_query(
    client, student: User, being_drawn: Generation, django_assert_max_num_queries
) -> None:
    client.force_login(student)
    client.get(reverse("image_status", args=[being_drawn.pk]))  # session warmed

    # The session, the user, the row.
    with django_assert_max_num_queries(3):
        client.get(reverse("image_status", args=[being_drawn.pk]))
