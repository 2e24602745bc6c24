"""Amounts of money as a person reads them: US dollars, in the reader's language."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import pgettext

# The currency stays USD whatever the language; only the digits and the sign's place
# follow it ("$1,234.50" in English, "1234,50 US$" in Spanish).
CENTS = 2


def usd(amount: Decimal | float | int | None, places: int = CENTS) -> str:
    """An estimated cost in US dollars, with the language's decimal mark and grouping."""
    number = number_format(Decimal(amount or 0), decimal_pos=places, use_l10n=True)
    return pgettext("an amount in US dollars", "$%(amount)s") % {"amount": number}


def usd_format() -> str:
    """The pattern usd() fills in, for a script that shows amounts as the page changes."""
    return pgettext("an amount in US dollars", "$%(amount)s")
