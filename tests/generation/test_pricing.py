"""What a picture costs: the seeded price table, the most specific rule, token usage."""

import base64
import importlib
import logging
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from classrooms.models import User
from generation.models import Generation, PriceRule
from generation.pricing import estimate_cost
from generation.services import generation_draw_next
from tests.support.fake_image_api import FakeImageAPI, openai_error, png_bytes

# A gpt-image response's usage for one 1024x1024 picture.
GPT_IMAGE_USAGE = {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210}


def cost(model: str, size: str = "1024x1024", quality: str = "", **extra: object) -> Decimal:
    return estimate_cost(provider="openai", model=model, size=size, quality=quality, **extra)


@pytest.mark.parametrize(
    ("model", "size", "quality", "expected"),
    [
        ("dall-e-3", "1024x1024", "standard", "0.0400"),
        ("dall-e-3", "1792x1024", "standard", "0.0800"),
        ("dall-e-3", "1024x1792", "standard", "0.0800"),
        ("dall-e-3", "1024x1024", "hd", "0.0800"),
        ("dall-e-3", "1792x1024", "hd", "0.1200"),
        ("dall-e-3", "1024x1792", "hd", "0.1200"),
        ("dall-e-2", "1024x1024", "", "0.0200"),
        ("dall-e-2", "512x512", "", "0.0180"),
        ("dall-e-2", "256x256", "", "0.0160"),
        ("gpt-image-1", "1024x1024", "low", "0.0110"),
        ("gpt-image-1", "1536x1024", "medium", "0.0420"),
        ("gpt-image-2", "1024x1536", "high", "0.1670"),
    ],
)
def test_each_seeded_price_is_what_a_picture_costs(
    db: None, model: str, size: str, quality: str, expected: str
) -> None:
    assert str(cost(model, size, quality)) == expected


def test_the_seeded_token_prices_are_per_million_tokens(db: None) -> None:
    token_rules = {
        rule.model_prefix: (rule.input_per_million_tokens, rule.output_per_million_tokens)
        for rule in PriceRule.objects.filter(size="", quality="")
    }
    assert token_rules == {
        "gpt-image": (Decimal("5.00"), Decimal("40.00")),
        "gpt-image-1-mini": (Decimal("2.00"), Decimal("8.00")),
    }


def test_seeding_again_adds_nothing_and_keeps_an_admins_price(db: None) -> None:
    PriceRule.objects.filter(model_prefix="dall-e-3", size="1024x1024", quality="hd").update(
        price_per_image=Decimal("0.0900")
    )
    before = PriceRule.objects.count()
    seed = importlib.import_module("generation.migrations.0004_seed_prices")

    seed.seed_prices(apps, None)

    assert PriceRule.objects.count() == before == 14
    assert cost("dall-e-3", "1024x1024", "hd") == Decimal("0.0900")


def test_the_most_specific_rule_wins(db: None) -> None:
    PriceRule.objects.create(model_prefix="dall-e", price_per_image=Decimal("0.9"))
    PriceRule.objects.create(model_prefix="dall-e-3", price_per_image=Decimal("0.5"))
    PriceRule.objects.create(model_prefix="dall-e-3", quality="hd", price_per_image=Decimal("0.7"))
    PriceRule.objects.create(
        model_prefix="dall-e-3", size="512x512", price_per_image=Decimal("0.6")
    )
    PriceRule.objects.create(model_prefix="dall-e-3-preview", price_per_image=Decimal("0.01"))

    # Prefix, size and quality all match the seeded rule: it beats every broader one.
    assert cost("dall-e-3", "1024x1024", "hd") == Decimal("0.0800")
    # Only the quality matches a rule with a quality: it beats the prefix-only one.
    assert cost("dall-e-3", "256x256", "hd") == Decimal("0.7000")
    # Size and quality each match one rule: the quality decides.
    assert cost("dall-e-3", "512x512", "hd") == Decimal("0.7000")
    assert cost("dall-e-3", "512x512", "standard") == Decimal("0.6000")
    assert cost("dall-e-3", "256x256", "standard") == Decimal("0.5000")
    # A longer prefix beats a shorter one, however specific the shorter one is.
    assert cost("dall-e-3-preview", "1024x1024", "hd") == Decimal("0.0100")
    assert cost("dall-e-4", "1024x1024", "hd") == Decimal("0.9000")


def test_prices_are_found_whatever_the_case_of_the_model_or_rule(db: None) -> None:
    PriceRule.objects.create(
        model_prefix="Flux-Pro", size="1024X1024", price_per_image=Decimal("0.05")
    )
    assert cost("flux-pro-1.1", "1024x1024") == Decimal("0.0500")
    assert cost("DALL-E-3", "1024x1024", "standard") == Decimal("0.0400")


def test_gpt_image_is_priced_from_its_token_usage(db: None) -> None:
    # 50 input tokens at $5 and 4160 output tokens at $40 per million: $0.16665.
    assert cost("gpt-image-1", quality="high", usage=GPT_IMAGE_USAGE) == Decimal("0.1667")


def test_gpt_image_1_mini_tokens_cost_less(db: None) -> None:
    # 50 at $2 and 4160 at $8 per million: $0.03338.
    mini = cost("gpt-image-1-mini", quality="high", usage=GPT_IMAGE_USAGE)
    assert mini == Decimal("0.0334")
    assert mini < cost("gpt-image-1", quality="high", usage=GPT_IMAGE_USAGE)


def test_gpt_image_without_usage_is_priced_by_quality(db: None) -> None:
    assert cost("gpt-image-1", quality="medium", usage={}) == Decimal("0.0420")
    assert cost("gpt-image-1-mini", quality="low") == Decimal("0.0110")


def test_token_usage_for_a_model_without_token_prices_costs_its_picture_price(db: None) -> None:
    assert cost("dall-e-3", quality="standard", usage=GPT_IMAGE_USAGE) == Decimal("0.0400")


def test_an_unknown_model_costs_nothing_and_the_log_names_only_the_model(
    db: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="generation.pricing"):
        price = cost("stable-diffusion-xl", quality="standard")

    assert price == Decimal("0")
    assert [record.getMessage() for record in caplog.records] == [
        "no price rule for model stable-diffusion-xl (size 1024x1024, quality standard)"
    ]


def test_a_size_the_table_does_not_price_costs_nothing(db: None) -> None:
    assert cost("dall-e-3", "512x512", "standard") == Decimal("0")


def test_the_offline_preview_costs_nothing_without_asking_the_database(
    db: None, django_assert_num_queries
) -> None:
    with django_assert_num_queries(0):
        price = estimate_cost(
            provider="offline", model="dall-e-3", size="1024x1024", quality="hd", usage={}
        )
    assert price == Decimal("0")


def test_a_price_takes_one_query(db: None, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        cost("gpt-image-1", quality="low", usage=GPT_IMAGE_USAGE)


def test_a_price_an_admin_edits_is_used_for_the_next_generation(
    client, admin_user: User, queued: Generation, openai_provider: FakeImageAPI
) -> None:
    rule = PriceRule.objects.get(model_prefix="dall-e-3", size="1024x1024", quality="standard")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:generation_pricerule_change", args=[rule.pk]),
        {
            "model_prefix": "dall-e-3",
            "size": "1024x1024",
            "quality": "standard",
            "price_per_image": "0.0550",
            "input_per_million_tokens": "0",
            "output_per_million_tokens": "0",
        },
    )
    assert response.status_code == 302

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert queued.estimated_cost == Decimal("0.0550")


def test_a_gpt_image_generation_records_its_usage_and_token_cost(
    settings, queued: Generation, openai_provider: FakeImageAPI
) -> None:
    settings.IMAGE_MODEL = "gpt-image-1"
    queued.options = {"orientation": "square", "quality": "high"}
    queued.save(update_fields=["options"])
    openai_provider.reply_next(
        200,
        {
            "created": 1,
            "data": [{"b64_json": base64.b64encode(png_bytes("1024x1024")).decode()}],
            "usage": {
                **GPT_IMAGE_USAGE,
                "input_tokens_details": {"text_tokens": 50, "image_tokens": 0},
            },
        },
    )

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.AWAITING_REVIEW
    assert queued.usage == GPT_IMAGE_USAGE
    assert queued.estimated_cost == Decimal("0.1667")


def test_a_filtered_generation_costs_nothing(
    queued: Generation, openai_provider: FakeImageAPI
) -> None:
    openai_provider.reply_next(
        400,
        openai_error("content_policy_violation", "Your request was rejected by our safety system."),
    )

    generation_draw_next(generation_id=queued.pk)

    queued.refresh_from_db()
    assert queued.status == Generation.Status.FILTERED
    assert queued.estimated_cost == Decimal("0")
