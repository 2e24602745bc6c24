"""Estimated cost of one picture in US dollars, from the price table admins edit.

A rule applies to a model when the model id starts with its prefix; the longest prefix
wins, then the rule whose size and quality match exactly (a blank one matches any).
gpt-image models report token usage, priced per million tokens when a rule says how.
"""

import logging
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, F, Value

from generation.models import PriceRule
from generation.providers.registry import costs_money, get_provider

logger = logging.getLogger(__name__)

FREE = Decimal("0")
_PLACES = Decimal("0.0001")  # what Generation.estimated_cost stores
_MILLION = Decimal(1_000_000)


def estimate_cost(
    *, provider: str, model: str, size: str, quality: str, usage: dict[str, int] | None = None
) -> Decimal:
    # The provider's name as recorded on the picture: one that costs nothing is free.
    if not costs_money(provider):
        return FREE
    rules = _rules_for_model(model)
    usage = usage or {}
    if "input_tokens" in usage or "output_tokens" in usage:
        token_rule = _longest_prefix(rule for rule in rules if _prices_tokens(rule))
        if token_rule is not None:
            cost = (
                Decimal(usage.get("input_tokens", 0)) * token_rule.input_per_million_tokens
                + Decimal(usage.get("output_tokens", 0)) * token_rule.output_per_million_tokens
            ) / _MILLION
            return cost.quantize(_PLACES, rounding=ROUND_HALF_UP)
    image_rule = _best_image_rule(rules, size=size, quality=quality)
    if image_rule is None:
        # Only the model and its settings: prompts and names never go into logs.
        logger.info("no price rule for model %s (size %s, quality %s)", model, size, quality)
        return FREE
    return image_rule.price_per_image.quantize(_PLACES, rounding=ROUND_HALF_UP)


def quote_picture(*, provider: str, model: str, size: str, quality: str) -> Decimal:
    """What one picture should cost before it is drawn: no token usage is known yet, so
    the price table's per-picture rule (the budgets count this while it is on its way)."""
    return estimate_cost(provider=provider, model=model, size=size, quality=quality)


def _rules_for_model(model: str) -> list[PriceRule]:
    """Every rule whose prefix starts the model id, in one query."""
    return list(
        PriceRule.objects.annotate(model_id=Value(model.lower(), output_field=CharField())).filter(
            model_id__istartswith=F("model_prefix")
        )
    )


def _prices_tokens(rule: PriceRule) -> bool:
    return bool(rule.input_per_million_tokens or rule.output_per_million_tokens)


def _prices_images(rule: PriceRule) -> bool:
    # A rule with only token prices says nothing per picture; one with no prices at all
    # is an admin saying "this costs nothing".
    return bool(rule.price_per_image) or not _prices_tokens(rule)


def _longest_prefix(rules: Iterable[PriceRule]) -> PriceRule | None:
    # Rules arrive ordered by prefix, size, quality, so a tie keeps the blank size/quality.
    return max(rules, key=lambda rule: len(rule.model_prefix), default=None)


def _best_image_rule(rules: list[PriceRule], *, size: str, quality: str) -> PriceRule | None:
    def fits(rule_value: str, wanted: str) -> bool:
        return not rule_value or rule_value.lower() == wanted.lower()

    def specificity(rule: PriceRule) -> tuple[int, int, bool]:
        # Longest prefix first; then exact size and quality beat blanks, quality breaking ties.
        return (len(rule.model_prefix), bool(rule.size) + bool(rule.quality), bool(rule.quality))

    matching = [
        rule
        for rule in rules
        if _prices_images(rule) and fits(rule.size, size) and fits(rule.quality, quality)
    ]
    return max(matching, key=specificity, default=None)


def highest_picture_price(*, orientations: Iterable[str], qualities: Iterable[str]) -> Decimal:
    """The most one picture can cost on the active model with these options allowed (an
    empty choice: the model's first, as submission picks), for an assignment's form."""
    provider = get_provider()
    capabilities = provider.capabilities
    sizes = [capabilities.sizes[o] for o in orientations if o in capabilities.sizes]
    sizes = sizes or list(capabilities.sizes.values())[:1]
    chosen = [q for q in qualities if q in capabilities.qualities]
    chosen = chosen or list(capabilities.qualities[:1]) or [""]
    if not costs_money(provider.name):
        return FREE
    # One read of the price table for every size and quality the form allows.
    rules = _rules_for_model(provider.capabilities_model)
    prices = [
        rule.price_per_image
        for size in sizes
        for quality in chosen
        if (rule := _best_image_rule(rules, size=size, quality=quality)) is not None
    ]
    return max(prices, default=FREE).quantize(_PLACES, rounding=ROUND_HALF_UP)
