"""`{{ cost|usd }}`: money in the reader's language (generation/money.py)."""

from decimal import Decimal

from django import template

from generation.money import CENTS
from generation.money import usd as format_usd

register = template.Library()


@register.filter
def usd(amount: Decimal | float | int | None, places: int = CENTS) -> str:
    """`{{ total_cost|usd }}`, or `{{ generation.estimated_cost|usd:4 }}` for one picture."""
    return format_usd(amount, places)
