"""Streamed generations through the real `openai` client against the local fake image API:
the exact request fields (`stream`, `partial_images`) on OpenAI's and Azure's paths, the
partial pictures handed over in order before the final one, models that do not stream,
and errors before and during a stream sorted as without one."""

import io
from typing import Any

import pytest
from PIL import Image

from generation.providers import FailureKind, ImageRequest, ProviderError, get_provider
from tests.support.fake_image_api import (
    PARTIAL_COLORS,
    FakeImageAPI,
    load_fixture,
    png_bytes,
    stream_event,
)

SIZE = "1024x1024"
SMALL_USAGE = {
    "input_tokens": 1,
    "input_tokens_details": {"image_tokens": 0, "text_tokens": 1},
    "output_tokens": 2,
    "total_tokens": 3,
}
REQUEST = ImageRequest(prompt="a lighthouse made of books", size="1024x1024", quality="low")


def generations_posted(api: FakeImageAPI) -> list[dict[str, Any]]:
    return [r for r in api.requests if r["path"].split("?")[0].endswith("/images/generations")]


def colour_of(data: bytes) -> tuple[int, int, int]:
    return Image.open(io.BytesIO(data)).convert("RGB").getpixel((0, 0))  # type: ignore[return-value]


class Partials(list[tuple[int, bytes]]):
    """What a provider handed to `on_partial`, in order: (index, bytes)."""

    def __call__(self, data: bytes, index: int) -> None:
        self.append((index, data))


# --- OpenAI ----------------------------------------------------------------------------------


def test_gpt_image_on_openai_asks_for_a_stream_with_two_partial_pictures_by_default(
    gpt_image_2: FakeImageAPI,
) -> None:
    partials = Partials()

    result = get_provider().generate(REQUEST, on_partial=partials)

    (sent,) = generations_posted(gpt_image_2)
    assert sent["path"] == "/v1/images/generations"
    assert sent["json"]["stream"] is True
    assert sent["json"]["partial_images"] == 2
    assert sent["json"]["model"] == "gpt-image-2" and sent["json"]["moderation"] == "auto"
    assert [index for index, _ in partials] == [0, 1]
    assert [colour_of(data) for _, data in partials] == list(PARTIAL_COLORS[:2])
    assert result.image_bytes == png_bytes("1024x1024")
    assert result.usage == {"input_tokens": 412, "output_tokens": 1056, "total_tokens": 1468}
    assert [kind for _, kind in gpt_image_2.stream_log] == [
        "image_generation.partial_image",
        "image_generation.partial_image",
        "image_generation.completed",
    ]


def test_the_number_of_partial_pictures_is_the_setting(
    settings: Any, gpt_image_2: FakeImageAPI
) -> None:
    settings.IMAGE_PARTIAL_IMAGES = 3
    partials = Partials()

    get_provider().generate(REQUEST, on_partial=partials)

    assert generations_posted(gpt_image_2)[0]["json"]["partial_images"] == 3
    assert [index for index, _ in partials] == [0, 1, 2]


def test_no_partial_pictures_setting_asks_for_no_stream(
    settings: Any, gpt_image_2: FakeImageAPI
) -> None:
    settings.IMAGE_PARTIAL_IMAGES = 0
    partials = Partials()

    result = get_provider().generate(REQUEST, on_partial=partials)

    sent = generations_posted(gpt_image_2)[0]["json"]
    assert "stream" not in sent and "partial_images" not in sent
    assert partials == [] and result.image_bytes == png_bytes("1024x1024")


def test_without_anyone_watching_nothing_is_streamed(gpt_image_2: FakeImageAPI) -> None:
    get_provider().generate(REQUEST)

    sent = generations_posted(gpt_image_2)[0]["json"]
    assert "stream" not in sent and "partial_images" not in sent


def test_dall_e_3_does_not_stream_and_is_asked_exactly_as_before(
    openai_provider: FakeImageAPI,
) -> None:
    partials = Partials()

    result = get_provider().generate(REQUEST, on_partial=partials)

    sent = generations_posted(openai_provider)[0]["json"]
    assert "stream" not in sent and "partial_images" not in sent
    assert sent["response_format"] == "b64_json"
    assert partials == [] and result.image_bytes == png_bytes("1024x1024")
    assert not get_provider().can_stream


# --- Azure -----------------------------------------------------------------------------------


def test_an_azure_gpt_image_deployment_streams_on_its_deployment_path(
    azure_gpt_image: FakeImageAPI,
) -> None:
    partials = Partials()

    result = get_provider().generate(REQUEST, on_partial=partials)

    (sent,) = generations_posted(azure_gpt_image)
    assert sent["path"] == (
        "/openai/deployments/school-gpt-image/images/generations?api-version=2025-04-01-preview"
    )
    assert sent["headers"]["api-key"] == "azure-test-key"
    assert sent["json"]["stream"] is True and sent["json"]["partial_images"] == 2
    assert sent["json"]["model"] == "school-gpt-image"
    assert [index for index, _ in partials] == [0, 1]
    assert result.image_bytes == png_bytes("1024x1024") and result.model == "gpt-image-1"


def test_an_azure_dall_e_3_deployment_does_not_stream(
    settings: Any, azure_gpt_image: FakeImageAPI
) -> None:
    settings.AZURE_OPENAI_MODEL = "dall-e-3"
    partials = Partials()

    get_provider().generate(REQUEST, on_partial=partials)

    sent = generations_posted(azure_gpt_image)[0]["json"]
    assert "stream" not in sent and partials == []


# --- errors, before and during the stream ----------------------------------------------------


def test_a_rate_limit_before_the_stream_is_retried_with_its_wait(
    gpt_image_2: FakeImageAPI,
) -> None:
    gpt_image_2.reply_with_fixture("rate_limit", headers={"retry-after-ms": "2500"})

    with pytest.raises(ProviderError) as caught:
        get_provider().generate(REQUEST, on_partial=Partials())

    assert caught.value.kind is FailureKind.TRANSIENT
    assert caught.value.retry_after == 2.5


def test_a_prompt_the_safety_system_refuses_before_the_stream_is_filtered(
    gpt_image_2: FakeImageAPI,
) -> None:
    gpt_image_2.reply_with_fixture("moderation_blocked")

    with pytest.raises(ProviderError) as caught:
        get_provider().generate(REQUEST, on_partial=Partials())

    assert caught.value.kind is FailureKind.FILTERED


def test_an_error_event_after_a_partial_picture_is_sorted_like_the_same_error_without_a_stream(
    gpt_image_2: FakeImageAPI,
) -> None:
    blocked = load_fixture("moderation_blocked")["body"]
    gpt_image_2.stream_next(
        [
            stream_event("partial_image", "1024x1024", b64_json="__PNG__", partial_image_index=0),
            {"type": "error", **blocked},
        ]
    )
    partials = Partials()

    with pytest.raises(ProviderError) as caught:
        get_provider().generate(REQUEST, on_partial=partials)

    assert caught.value.kind is FailureKind.FILTERED
    assert caught.value.detail.startswith("moderation_blocked: ")
    assert [index for index, _ in partials] == [0]


def test_a_stream_that_ends_before_the_final_picture_is_worth_trying_again(
    gpt_image_2: FakeImageAPI,
) -> None:
    gpt_image_2.stream_next(
        [stream_event("partial_image", "1024x1024", b64_json="__PNG__", partial_image_index=0)]
    )

    with pytest.raises(ProviderError) as caught:
        get_provider().generate(REQUEST, on_partial=Partials())

    assert caught.value.kind is FailureKind.TRANSIENT
    assert "before the picture was finished" in caught.value.detail


def test_a_server_that_ignores_stream_and_answers_json_still_gives_the_final_picture(
    gpt_image_2: FakeImageAPI,
) -> None:
    gpt_image_2.reply_with_fixture("gpt_image_b64")
    partials = Partials()

    result = get_provider().generate(REQUEST, on_partial=partials)

    assert generations_posted(gpt_image_2)[0]["json"]["stream"] is True
    assert partials == [] and result.image_bytes == png_bytes("1024x1024")
    assert result.usage["total_tokens"] == 1468


def test_a_malformed_partial_picture_is_skipped_and_the_final_one_still_arrives(
    gpt_image_2: FakeImageAPI,
) -> None:
    gpt_image_2.stream_next(
        [
            stream_event("partial_image", SIZE, b64_json="not base64!", partial_image_index=0),
            stream_event("partial_image", SIZE, b64_json="__PNG__", partial_image_index=1),
            stream_event("completed", SIZE, b64_json="__PNG__", usage=SMALL_USAGE),
        ]
    )
    partials = Partials()

    result = get_provider().generate(REQUEST, on_partial=partials)

    assert [index for index, _ in partials] == [1]
    assert result.image_bytes == png_bytes("1024x1024") and result.usage["total_tokens"] == 3
