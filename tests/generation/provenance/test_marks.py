"""People see that a picture was made with AI: on its page, on every card, in the name of
the file they download, and in the file itself (its signed C2PA manifest)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation
from tests.generation.provenance.reading import failures, manifest_store
from tests.support.factories import GenerationFactory

AI_MARK = re.compile(r'<span class="ai-mark" data-ai-mark="ai">Made with AI</span>')
NOT_AI_MARK = re.compile(
    r'<span class="ai-mark not-ai" data-ai-mark="not-ai">Offline preview, not AI</span>'
)


def picture(student: User, assignment: Assignment, provider: str, **status: bool) -> Generation:
    model = "offline-preview" if provider == "offline" else "gpt-image-2"
    return GenerationFactory(
        student=student,
        assignment=assignment,
        size="256x256",
        provider=provider,
        model=model,
        with_picture=True,
        **(status or {"awaiting_review": True}),
    )


@pytest.fixture
def ai_picture(student: User, assignment: Assignment) -> Generation:
    return picture(student, assignment, "openai")


def download(client: Client, generation: Generation) -> tuple[str, bytes]:
    response = client.get(reverse("image_file", args=[generation.pk, "original"]) + "?download=1")
    assert response.status_code == 200
    return response["Content-Disposition"], b"".join(response.streaming_content)


def test_a_downloaded_picture_verifies_as_signed_and_its_name_says_made_with_ai(
    client: Client, student: User, ai_picture: Generation
) -> None:
    client.force_login(student)

    disposition, body = download(client, ai_picture)

    assert f'filename="edu4all-{ai_picture.pk}-made-with-ai.png"' in disposition
    store = manifest_store(body)
    assert store["validation_state"] == "Valid"
    # The development pair's CA is nobody's trust anchor: valid, from an untrusted signer.
    assert failures(store) == ["signingCredential.untrusted"]


def test_the_offline_preview_downloads_under_a_name_that_says_it_is_not_ai(
    client: Client, student: User, assignment: Assignment
) -> None:
    preview = picture(student, assignment, "offline")
    client.force_login(student)

    disposition, _body = download(client, preview)

    assert f'filename="edu4all-{preview.pk}-offline-preview-not-ai.png"' in disposition


def test_the_picture_page_shows_the_made_with_ai_mark(
    client: Client, student: User, ai_picture: Generation
) -> None:
    client.force_login(student)
    page = client.get(reverse("image", args=[ai_picture.pk])).content.decode()
    assert len(AI_MARK.findall(page)) == 1
    assert not NOT_AI_MARK.search(page)


def test_the_offline_preview_page_keeps_its_own_not_ai_mark(
    client: Client, student: User, assignment: Assignment
) -> None:
    preview = picture(student, assignment, "offline")
    client.force_login(student)
    page = client.get(reverse("image", args=[preview.pk])).content.decode()
    assert NOT_AI_MARK.search(page)
    assert not AI_MARK.search(page)


def test_every_gallery_card_shows_the_mark(
    client: Client, student: User, classmate: User, assignment: Assignment
) -> None:
    picture(student, assignment, "openai", approved=True)
    picture(classmate, assignment, "openai", approved=True)
    picture(classmate, assignment, "offline", approved=True)
    client.force_login(classmate)

    page = client.get(reverse("gallery", args=[assignment.pk])).content.decode()

    assert len(AI_MARK.findall(page)) == 2
    assert len(NOT_AI_MARK.findall(page)) == 1


def test_every_review_card_shows_the_mark(
    client: Client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    picture(student, assignment, "openai")
    picture(classmate, assignment, "openai")
    client.force_login(teacher)

    page = client.get(reverse("review_queue")).content.decode()

    assert len(AI_MARK.findall(page)) == 2


def test_the_students_own_card_shows_the_mark_once_the_picture_is_drawn(
    client: Client, student: User, ai_picture: Generation, assignment: Assignment
) -> None:
    GenerationFactory(student=student, assignment=assignment, prompt="still on its way")
    client.force_login(student)

    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()

    # The drawn picture has its mark; the one still queued has no picture to mark yet.
    assert len(AI_MARK.findall(page)) == 1
