"""Who may open a picture, its page and its live status: a guessed link reveals nothing."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation
from tests.support.factories import GenerationFactory, finished_generation

ALL_URLS = ("image", "image_status", "image_original", "image_thumb")


def urls_for(generation: Generation) -> dict[str, str]:
    return {
        "image": reverse("image", args=[generation.pk]),
        "image_status": reverse("image_status", args=[generation.pk]),
        "image_original": reverse("image_file", args=[generation.pk, "original"]),
        "image_thumb": reverse("image_file", args=[generation.pk, "thumb"]),
    }


@pytest.fixture
def pending(student: User, assignment: Assignment) -> Generation:
    return finished_generation(student=student, assignment=assignment)


@pytest.fixture
def approved(student: User, assignment: Assignment) -> Generation:
    return finished_generation(
        student=student, assignment=assignment, status=Generation.Status.APPROVED
    )


def status_codes(client, user: User | None, generation: Generation) -> dict[str, int]:
    if user is not None:
        client.force_login(user)
    return {name: client.get(url).status_code for name, url in urls_for(generation).items()}


def test_the_owner_sees_their_pending_picture(client, student: User, pending: Generation) -> None:
    assert set(status_codes(client, student, pending).values()) == {200}


def test_the_class_teacher_sees_a_pending_picture(
    client, teacher: User, pending: Generation
) -> None:
    assert set(status_codes(client, teacher, pending).values()) == {200}


def test_an_admin_sees_any_picture(client, admin_user: User, pending: Generation) -> None:
    assert set(status_codes(client, admin_user, pending).values()) == {200}


def test_student_cannot_open_classmates_pending_image_not_even_by_url(
    client, classmate: User, pending: Generation
) -> None:
    assert set(status_codes(client, classmate, pending).values()) == {404}


def test_classmates_see_the_picture_once_approved_but_not_its_live_status(
    client, classmate: User, approved: Generation
) -> None:
    assert status_codes(client, classmate, approved) == {
        "image": 200,
        "image_status": 404,
        "image_original": 200,
        "image_thumb": 200,
    }


def test_classmates_read_the_prompt_only_as_the_pictures_alt_text_and_no_technical_detail(
    client, classmate: User, approved: Generation
) -> None:
    approved.revised_prompt = "A silver tower standing on grey moon dust under black sky"
    approved.error_detail = "provider said: content policy"
    approved.save(update_fields=["revised_prompt", "error_detail"])
    client.force_login(classmate)
    page = client.get(reverse("image", args=[approved.pk])).content.decode()
    # The picture's alternative text is the approved prompt, as for its owner (WCAG 1.1.1).
    assert f'alt="{approved.prompt}"' in page
    # Nowhere else: not the prompt section, what the model understood or technical detail.
    without_alt_text = re.sub(r'alt="[^"]*"', "", page)
    assert approved.prompt not in without_alt_text
    assert approved.revised_prompt not in page
    assert approved.error_detail not in page


def test_classmates_never_see_rejected_pictures(
    client, classmate: User, student: User, assignment: Assignment
) -> None:
    rejected = finished_generation(
        student=student, assignment=assignment, status=Generation.Status.REJECTED
    )
    assert set(status_codes(client, classmate, rejected).values()) == {404}


def test_a_student_of_another_class_cannot_see_even_approved_pictures(
    client, outsider: User, approved: Generation
) -> None:
    assert set(status_codes(client, outsider, approved).values()) == {404}


def test_teacher_cannot_see_another_teachers_class_pictures(
    client, other_teacher: User, approved: Generation
) -> None:
    assert set(status_codes(client, other_teacher, approved).values()) == {404}


def test_anonymous_visitors_are_sent_to_sign_in(client, approved: Generation) -> None:
    for url in urls_for(approved).values():
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response.url


def test_the_download_link_sends_the_original_as_an_attachment(
    client, student: User, pending: Generation
) -> None:
    client.force_login(student)
    response = client.get(reverse("image_file", args=[pending.pk, "original"]) + "?download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "private" in response["Cache-Control"]


def test_the_thumbnail_is_a_small_webp(client, student: User, assignment: Assignment) -> None:
    pending = finished_generation(student=student, assignment=assignment, size="1024x1024")
    client.force_login(student)
    response = client.get(reverse("image_file", args=[pending.pk, "thumb"]))
    body = b"".join(response.streaming_content)
    assert body[8:12] == b"WEBP"
    # The offline preview's flat colours make a small original; the thumbnail's signed
    # provenance manifest (about 4 KB) is part of its weight.
    assert len(body) < pending.image.size / 3


def test_an_unknown_file_kind_is_not_found(client, student: User, pending: Generation) -> None:
    client.force_login(student)
    assert client.get(reverse("image_file", args=[pending.pk, "secret"])).status_code == 404


def test_the_status_fragment_keeps_polling_only_while_in_progress(
    client, student: User, assignment: Assignment
) -> None:
    drawing = GenerationFactory(
        student=student, assignment=assignment, prompt="a boat", drawing=True
    )
    client.force_login(student)
    fragment = client.get(reverse("image_status", args=[drawing.pk])).content.decode()
    assert "data-poll-url" in fragment and 'data-status="generating"' in fragment

    Generation.objects.filter(pk=drawing.pk).update(
        status=Generation.Status.FAILED, error_message="Sorry!"
    )
    fragment = client.get(reverse("image_status", args=[drawing.pk])).content.decode()
    assert "data-poll-url" not in fragment and "Sorry!" in fragment


def test_the_image_page_shows_prompt_revised_prompt_and_provider_to_the_owner(
    client, student: User, pending: Generation
) -> None:
    Generation.objects.filter(pk=pending.pk).update(revised_prompt="A tower among the stars.")
    client.force_login(student)
    page = client.get(reverse("image", args=[pending.pk])).content.decode()
    assert pending.prompt in page
    assert "A tower among the stars." in page
    assert "an offline preview, not AI" in page
    assert "Download" in page


@pytest.mark.parametrize(
    ("who", "sees_prompt", "sees_teacher_panel"),
    [
        ("student", True, False),
        ("teacher", True, True),
        ("admin_user", True, False),
        ("classmate", False, False),
    ],
)
def test_the_image_page_reads_the_picture_and_what_this_person_may_see_in_one_query(
    client,
    request: pytest.FixtureRequest,
    approved: Generation,
    who: str,
    sees_prompt: bool,
    sees_teacher_panel: bool,
) -> None:
    client.force_login(request.getfixturevalue(who))

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("image", args=[approved.pk])).content.decode()

    # Everyone reads the prompt as the picture's alt text; the prompt section is for some.
    assert f'alt="{approved.prompt}"' in page
    assert (approved.prompt in re.sub(r'alt="[^"]*"', "", page)) is sees_prompt
    assert ("For teachers" in page) is sees_teacher_panel
    # The session and the signed-in user, then the picture with the viewer's rights;
    # a teacher's panel also reads its trail of decisions and the teacher's reasons.
    assert len(captured.captured_queries) == 3 + (2 if sees_teacher_panel else 0)


def test_a_picture_an_image_service_made_does_not_say_it_is_an_offline_preview(
    client, student: User, pending: Generation
) -> None:
    Generation.objects.filter(pk=pending.pk).update(provider="openai", model="gpt-image-2")
    client.force_login(student)

    page = client.get(reverse("image", args=[pending.pk])).content.decode()

    assert "gpt-image-2" in page
    assert "an offline preview, not AI" not in page
