"""Passwords: the ones teachers hand out, and Django's validators in words a child reads.

Handed-out passwords are three words from the EFF short wordlist (shipped by xkcdpass)
and two digits, e.g. ``otter-maple-comet-42``: short words a child can type, and
``password_entropy_bits()`` of guessing (about 37) against the old word-word-NN's 14.
"""

import math
import re
import secrets
from pathlib import Path

import xkcdpass
from django.contrib.auth import password_validation
from django.utils.functional import lazy

from classrooms import messages

EFF_SHORT_WORDLIST = Path(xkcdpass.__file__).resolve().parent / "static" / "eff-short"

# Words of the EFF short list a child should not be handed as a password, reviewed by
# hand and kept, with the reason for each group, in one file.
EXCLUDED_WORDS_FILE = Path(__file__).resolve().parent / "password_words_excluded.txt"
NOT_FOR_CHILDREN = frozenset(
    word
    for line in EXCLUDED_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)
# Only plain lower-case words, so the dashes between them stay unambiguous.
_PLAIN_WORD = re.compile(r"[a-z]+")
DIGITS = range(10, 100)  # two digits, never a leading zero to puzzle over


def _password_words() -> tuple[str, ...]:
    words = EFF_SHORT_WORDLIST.read_text(encoding="utf-8").split()
    return tuple(
        word for word in words if _PLAIN_WORD.fullmatch(word) and word not in NOT_FOR_CHILDREN
    )


PASSWORD_WORDS = _password_words()
WORDS_PER_PASSWORD = 3


def password_entropy_bits() -> float:
    """Bits of guessing in friendly_password(): three words from the list, then 10-99."""
    return WORDS_PER_PASSWORD * math.log2(len(PASSWORD_WORDS)) + math.log2(len(DIGITS))


def friendly_password() -> str:
    """Easy for a child to type, hard to guess: word-word-word-NN."""
    words = [secrets.choice(PASSWORD_WORDS) for _ in range(WORDS_PER_PASSWORD)]
    return "-".join([*words, str(DIGITS[secrets.randbelow(len(DIGITS))])])


# Django's validators with messages a child understands (the rules stay Django's).


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self) -> str:
        # Unformatted: the validator passes min_length as the error's params.
        return str(messages.PASSWORD_TOO_SHORT)

    def get_help_text(self) -> str:
        return str(messages.PASSWORD_HELP_LENGTH) % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "display_name", "first_name", "last_name", "email")

    def __init__(
        self,
        user_attributes: tuple[str, ...] = DEFAULT_USER_ATTRIBUTES,
        max_similarity: float = 0.7,
    ) -> None:
        super().__init__(user_attributes=user_attributes, max_similarity=max_similarity)

    def get_error_message(self) -> str:
        return str(messages.PASSWORD_TOO_SIMILAR)

    def get_help_text(self) -> str:
        return str(messages.PASSWORD_HELP_SIMILAR)


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return str(messages.PASSWORD_TOO_COMMON)

    def get_help_text(self) -> str:
        return str(messages.PASSWORD_HELP_COMMON)


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return str(messages.PASSWORD_ALL_NUMBERS)

    def get_help_text(self) -> str:
        return str(messages.PASSWORD_HELP_NUMBERS)


def _help_text() -> str:
    return " ".join(password_validation.password_validators_help_texts())


# For a form field's help text: read when the page is drawn, in the page's language.
password_help_text = lazy(_help_text, str)
