"""Every picture the worker stores carries a signed C2PA manifest that says how it was made:
read back here with c2pa's own reader."""

import pytest
from django.test import Client
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation
from generation.provenance import ALGORITHMIC_MEDIA, TRAINED_ALGORITHMIC_MEDIA
from generation.services import generation_draw_next
from tests.generation.provenance.reading import (
    actions,
    active_manifest,
    assertion,
    failures,
    manifest_store,
    stored_bytes,
)
from tests.support.factories import GenerationFactory, form_token_on
from tests.support.fake_image_api import FakeImageAPI
from tests.support.paintings import painting


def drawn(generation: Generation) -> Generation:
    generation_draw_next(generation_id=generation.pk)
    generation.refresh_from_db()
    assert generation.status == Generation.Status.AWAITING_REVIEW, generation.error_detail
    return generation


def test_a_picture_from_openai_says_it_was_created_by_that_model_with_ai(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    picture = drawn(queued)

    manifest = active_manifest(stored_bytes(picture.image))
    [created] = actions(manifest)
    assert created["action"] == "c2pa.created"
    assert created["digitalSourceType"] == TRAINED_ALGORITHMIC_MEDIA
    assert created["softwareAgent"]["name"] == "OpenAI dall-e-3"
    assert manifest["claim_generator_info"][0]["name"] == "Edu4All"
    ours = assertion(manifest, "org.edu4all.picture")
    assert (ours["provider"], ours["model"], ours["made_by_ai"]) == ("openai", "dall-e-3", True)
    assert "Made with AI" in ours["statement"]
    # Nothing about the child: not the prompt, not the name.
    assert "Colosseum" not in str(manifest) and picture.student.username not in str(manifest)


def test_the_offline_preview_says_a_program_drew_it_not_an_ai_model(queued: Generation) -> None:
    picture = drawn(queued)

    manifest = active_manifest(stored_bytes(picture.image))
    [created] = actions(manifest)
    assert created["action"] == "c2pa.created"
    assert created["digitalSourceType"] == ALGORITHMIC_MEDIA
    assert created["description"].startswith("Not made by AI")
    ours = assertion(manifest, "org.edu4all.picture")
    assert (ours["provider"], ours["made_by_ai"]) == ("offline", False)


def test_the_thumbnail_carries_the_same_claim(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    picture = drawn(queued)

    manifest = active_manifest(stored_bytes(picture.thumbnail))
    assert manifest["title"] == f"edu4all-{picture.pk}.thumbnail.webp"
    [created] = actions(manifest)
    assert created["digitalSourceType"] == TRAINED_ALGORITHMIC_MEDIA
    assert assertion(manifest, "org.edu4all.picture")["made_by_ai"] is True


@pytest.mark.parametrize(
    ("drawn_by", "source_type"),
    [("openai", TRAINED_ALGORITHMIC_MEDIA), ("offline", ALGORITHMIC_MEDIA)],
)
def test_an_edit_says_how_it_was_edited_and_keeps_its_parent_as_an_ingredient(
    client: Client,
    student: User,
    assignment: Assignment,
    request: pytest.FixtureRequest,
    drawn_by: str,
    source_type: str,
    settings,
) -> None:  # type: ignore[no-untyped-def]
    if drawn_by == "openai":
        request.getfixturevalue("openai_provider")
        settings.IMAGE_MODEL = "gpt-image-2"  # a model that edits
    bunny = GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="a bunny in a meadow",
        size="256x256",
        awaiting_review=True,
        provider="openai",
        model="gpt-image-2",
        with_picture=True,
    )
    client.force_login(student)
    page = client.get(reverse("edit_picture", args=[bunny.pk]))
    client.post(
        reverse("edit_picture", args=[bunny.pk]),
        {
            "form_token": form_token_on(page.content.decode()),
            "instruction": "add a red party hat",
            "painted_area": painting((128, 128), (0, 0, 63, 63)),
        },
    )
    edit = drawn(Generation.objects.get(parent=bunny))

    store = manifest_store(stored_bytes(edit.image))
    manifest = store["manifests"][store["active_manifest"]]
    opened, edited = actions(manifest)
    assert opened["action"] == "c2pa.opened"
    assert edited["action"] == "c2pa.edited"
    assert edited["digitalSourceType"] == source_type
    [parent] = manifest["ingredients"]
    assert parent["relationship"] == "parentOf"
    assert parent["title"] == f"edu4all-{bunny.pk}.png"
    # The parent's own signed manifest comes along: made with AI by gpt-image-2.
    parent_manifest = store["manifests"][parent["active_manifest"]]
    assert assertion(parent_manifest, "org.edu4all.picture")["model"] == "gpt-image-2"
    assert actions(parent_manifest)[0]["digitalSourceType"] == TRAINED_ALGORITHMIC_MEDIA
    assert failures(store) == ["signingCredential.untrusted"]


@pytest.mark.parametrize("missing", ["C2PA_SIGNING_KEY_FILE", "C2PA_CERT_CHAIN_FILE"])
def test_a_picture_that_cannot_be_signed_fails_and_no_file_is_stored(
    queued: Generation, settings, media_in_tmp, tmp_path, missing: str
) -> None:  # type: ignore[no-untyped-def]
    setattr(settings, missing, tmp_path / "gone.pem")

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.FAILED
    assert missing in queued.error_detail
    assert not queued.image and not queued.thumbnail
    assert [path for path in media_in_tmp.rglob("*") if path.is_file()] == []
