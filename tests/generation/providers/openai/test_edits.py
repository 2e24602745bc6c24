"""Edits through the real `openai` client against the local fake image API: the exact
multipart fields on OpenAI's path, Azure's deployment path and a compatible server, and
errors sorted exactly as for a new picture."""

import io
from typing import Any

import openai
import pytest
from PIL import Image

from generation.providers import EditRequest, FailureKind, ImageRequest, ProviderError, get_provider
from generation.providers.openai import OpenAIImageProvider
from tests.support.fake_image_api import (
    FIXTURES,
    FakeImageAPI,
    FormFile,
    load_fixture,
    png_bytes,
)

PICTURE = png_bytes("1024x1024", color=(200, 120, 40))
MASK_PNG = png_bytes("1024x1024", color=(0, 0, 0))  # what is sent is checked, not drawn


def edit_request(**changes: Any) -> EditRequest:
    fields: dict[str, Any] = {
        "prompt": "add a red hat to the bunny",
        "size": "1024x1024",
        "image": PICTURE,
        "mask": MASK_PNG,
        "quality": "low",
        "user_hash": "u-5f3a9c",
    }
    return EditRequest(**(fields | changes))


def edits_posted(api: FakeImageAPI) -> list[dict[str, Any]]:
    return [r for r in api.requests if r["path"].split("?")[0].endswith("/images/edits")]


def size_of(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


# --- OpenAI ----------------------------------------------------------------------------------


def test_an_edit_on_openai_posts_the_picture_the_mask_and_the_prompt_as_multipart_fields(
    gpt_image_2: FakeImageAPI,
) -> None:
    result = get_provider().edit(edit_request())

    (sent,) = edits_posted(gpt_image_2)
    assert sent["path"] == "/v1/images/edits"
    assert sent["headers"]["content-type"].startswith("multipart/form-data; boundary=")
    assert sent["headers"]["authorization"] == "Bearer sk-test-not-real"
    assert sent["form"] == {
        "model": "gpt-image-2",
        "prompt": "add a red hat to the bunny",
        "size": "1024x1024",
        "n": "1",
        "quality": "low",
        "output_format": "png",
        "user": "u-5f3a9c",
    }
    assert sent["files"] == {
        "image": FormFile("picture.png", "image/png", PICTURE),
        "mask": FormFile("mask.png", "image/png", MASK_PNG),
    }
    assert size_of(result.image_bytes) == (1024, 1024)
    assert result.model == "gpt-image-2"


def test_an_edit_never_sends_response_format_or_moderation_to_gpt_image(
    gpt_image_2: FakeImageAPI,
) -> None:
    get_provider().edit(edit_request(input_fidelity="high"))

    (sent,) = edits_posted(gpt_image_2)
    assert not {"response_format", "moderation", "input_fidelity"} & set(sent["names"])


@pytest.mark.parametrize(
    ("model", "asked", "sent"),
    [
        ("gpt-image-1.5", "high", "high"),
        ("gpt-image-1", "low", "low"),
        ("gpt-image-1-mini", "low", "low"),
        ("gpt-image-1-mini", "high", None),  # the mini model takes only "low"
        ("gpt-image-2", "high", None),  # gpt-image-2 wants the parameter omitted
        ("gpt-image-2.5-flare", "low", None),
        ("gpt-image-1.5", "", None),
    ],
)
def test_input_fidelity_is_sent_only_where_the_model_takes_that_value(
    settings: Any, openai_provider: FakeImageAPI, model: str, asked: str, sent: str | None
) -> None:
    settings.IMAGE_MODEL = model

    get_provider().edit(edit_request(input_fidelity=asked))

    (posted,) = edits_posted(openai_provider)
    assert posted["form"].get("input_fidelity") == sent
    assert posted["form"]["model"] == model


def test_an_edit_of_a_wide_picture_asks_for_the_pictures_own_size(
    gpt_image_2: FakeImageAPI,
) -> None:
    wide = png_bytes("1536x864")

    result = get_provider().edit(edit_request(size="1536x864", image=wide, mask=wide))

    (sent,) = edits_posted(gpt_image_2)
    assert sent["form"]["size"] == "1536x864"
    assert size_of(result.image_bytes) == (1536, 864)


def test_a_transparent_background_is_asked_for_as_for_a_new_picture(
    settings: Any, gpt_image_2: FakeImageAPI
) -> None:
    settings.IMAGE_BACKGROUND = "transparent"

    get_provider().edit(edit_request())

    (sent,) = edits_posted(gpt_image_2)
    assert sent["form"]["background"] == "transparent"


def test_a_webp_output_format_is_asked_for_with_its_compression(
    settings: Any, gpt_image_2: FakeImageAPI
) -> None:
    settings.IMAGE_OUTPUT_FORMAT = "webp"
    settings.IMAGE_OUTPUT_COMPRESSION = 80

    get_provider().edit(edit_request())

    (sent,) = edits_posted(gpt_image_2)
    assert (sent["form"]["output_format"], sent["form"]["output_compression"]) == ("webp", "80")


def test_a_picture_stored_as_jpeg_is_uploaded_as_jpeg(gpt_image_2: FakeImageAPI) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (1024, 1024), "orange").save(buffer, format="JPEG")

    get_provider().edit(edit_request(image=buffer.getvalue()))

    (sent,) = edits_posted(gpt_image_2)
    assert sent["files"]["image"] == FormFile("picture.jpg", "image/jpeg", buffer.getvalue())
    assert sent["files"]["mask"].content_type == "image/png"


# --- Azure -----------------------------------------------------------------------------------


def test_an_edit_on_azure_posts_to_the_deployments_edits_route_with_the_api_version(
    azure_gpt_image: FakeImageAPI,
) -> None:
    result = get_provider().edit(edit_request(input_fidelity="high"))

    (sent,) = edits_posted(azure_gpt_image)
    assert sent["path"] == (
        "/openai/deployments/school-gpt-image/images/edits?api-version=2025-04-01-preview"
    )
    assert sent["headers"]["api-key"] == "azure-test-key"
    assert "authorization" not in sent["headers"]
    assert sent["form"] == {
        "model": "school-gpt-image",
        "prompt": "add a red hat to the bunny",
        "size": "1024x1024",
        "n": "1",
        "quality": "low",
        "output_format": "png",
        "input_fidelity": "high",
        "user": "u-5f3a9c",
    }
    assert sent["files"]["image"] == FormFile("picture.png", "image/png", PICTURE)
    assert sent["files"]["mask"] == FormFile("mask.png", "image/png", MASK_PNG)
    assert size_of(result.image_bytes) == (1024, 1024)
    # The model behind the deployment, for prices and the picture's record.
    assert result.model == "gpt-image-1"


# --- compatible servers ------------------------------------------------------------------------


@pytest.fixture
def compatible_server(settings: Any, openai_provider: FakeImageAPI) -> FakeImageAPI:
    settings.IMAGE_MODEL = "sd-cpp-local"
    settings.IMAGE_SERVER_EDITS = True
    return openai_provider


def test_a_compatible_server_edits_when_its_admin_says_it_implements_the_route(
    compatible_server: FakeImageAPI,
) -> None:
    provider = get_provider()
    assert provider.can_edit

    result = provider.edit(edit_request())

    (sent,) = edits_posted(compatible_server)
    assert sent["path"] == "/v1/images/edits"
    # An unknown model takes DALL-E 3's shape: base64 asked for, no gpt-image options.
    assert sent["form"] == {
        "model": "sd-cpp-local",
        "prompt": "add a red hat to the bunny",
        "size": "1024x1024",
        "n": "1",
        "response_format": "b64_json",
        "user": "u-5f3a9c",
    }
    assert size_of(result.image_bytes) == (1024, 1024)


def test_a_compatible_server_answering_with_a_link_is_downloaded_at_once(
    compatible_server: FakeImageAPI,
) -> None:
    compatible_server.reply_with_fixture("dall_e_3_url")

    result = get_provider().edit(edit_request())

    assert any(r["path"] == "/files/1024x1024.png" for r in compatible_server.requests)
    assert size_of(result.image_bytes) == (1024, 1024)


# --- errors, sorted as for a new picture -------------------------------------------------------

ERROR_FIXTURES = sorted(
    path.stem for path in FIXTURES.glob("*.json") if load_fixture(path.stem)["status"] >= 400
)


def failure_of(call: Any) -> ProviderError:
    with pytest.raises(ProviderError) as raised:
        call()
    return raised.value


@pytest.fixture(params=["openai", "azure"])
def either_service(
    request: pytest.FixtureRequest, settings: Any, fake_image_api: FakeImageAPI
) -> FakeImageAPI:
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 5
    if request.param == "openai":
        settings.IMAGE_PROVIDER = "openai"
        settings.OPENAI_API_KEY = "sk-test-not-real"
        settings.OPENAI_BASE_URL = f"{fake_image_api.base_url}/v1"
        settings.IMAGE_MODEL = "gpt-image-2"
    else:
        settings.IMAGE_PROVIDER = "azure"
        settings.AZURE_OPENAI_ENDPOINT = fake_image_api.base_url
        settings.AZURE_OPENAI_API_KEY = "azure-test-key"
        settings.AZURE_OPENAI_DEPLOYMENT = "school-gpt-image"
        settings.AZURE_OPENAI_API_VERSION = "2025-04-01-preview"
        settings.AZURE_OPENAI_MODEL = "gpt-image-1"
    return fake_image_api


@pytest.mark.parametrize("fixture", ERROR_FIXTURES)
def test_an_edit_error_is_sorted_exactly_like_the_same_error_for_a_new_picture(
    either_service: FakeImageAPI, fixture: str
) -> None:
    provider = get_provider()
    either_service.reply_with_fixture(fixture)
    drawing = failure_of(
        lambda: provider.generate(ImageRequest(prompt="a bunny", size="1024x1024"))
    )
    either_service.reply_with_fixture(fixture)

    editing = failure_of(lambda: provider.edit(edit_request()))

    assert (editing.kind, editing.detail, editing.retry_after) == (
        drawing.kind,
        drawing.detail,
        drawing.retry_after,
    )


def test_a_refused_edit_prompt_is_filtered_and_never_retried(gpt_image_2: FakeImageAPI) -> None:
    gpt_image_2.reply_with_fixture("moderation_blocked")

    error = failure_of(lambda: get_provider().edit(edit_request()))

    assert error.kind is FailureKind.FILTERED and error.is_permanent


def test_a_rate_limited_edit_is_retried_after_the_time_the_service_asked_for(
    gpt_image_2: FakeImageAPI,
) -> None:
    gpt_image_2.reply_with_fixture("rate_limit", headers={"retry-after-ms": "2500"})

    error = failure_of(lambda: get_provider().edit(edit_request()))

    assert error.kind is FailureKind.TRANSIENT and error.retry_after == 2.5


def test_an_edit_with_a_retired_model_says_it_is_retired_and_names_a_current_one(
    settings: Any, openai_provider: FakeImageAPI
) -> None:
    settings.IMAGE_MODEL = "gpt-image-1"
    openai_provider.reply_with_fixture("model_not_found")

    error = failure_of(lambda: get_provider().edit(edit_request()))

    assert error.kind is FailureKind.CONFIGURATION
    assert "the model 'gpt-image-1' is retired or unknown" in error.detail
    assert "gpt-image-2" in error.detail


def test_on_openais_own_api_a_retired_model_is_named_retired_with_the_day_it_stopped(
    settings: Any, fake_image_api: FakeImageAPI
) -> None:
    # OpenAI's own API, played by the fake: no OPENAI_BASE_URL in the settings.
    settings.OPENAI_BASE_URL = ""
    client = openai.OpenAI(
        api_key="sk-test-not-real", base_url=f"{fake_image_api.base_url}/v1", max_retries=0
    )
    provider = OpenAIImageProvider(client, "gpt-image-1")
    fake_image_api.reply_with_fixture("model_not_found")

    error = failure_of(lambda: provider.edit(edit_request()))

    assert error.kind is FailureKind.CONFIGURATION
    assert "the model 'gpt-image-1' is retired (OpenAI stopped serving it on 2026-10-23)" in (
        error.detail
    )
    assert "Set IMAGE_MODEL to gpt-image-2." in error.detail
