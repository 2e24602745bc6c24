"""The default disallow lists, shipped as data (one term per line, '#' for comments)."""

from pathlib import Path

LANGUAGES = ("en", "es")


def default_terms(language: str) -> list[str]:
    path = Path(__file__).with_name(f"{language}.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def ensure_default_lists() -> int:
    """Put the shipped school-wide terms back if they are missing; return how many were added.

    The data migration seeds them once; this serves tests that flush the database and a
    school that wants the lesson's lists back.
    """
    from generation.models import DisallowedTerm

    added = 0
    for language in LANGUAGES:
        for term in default_terms(language):
            _, created = DisallowedTerm.objects.get_or_create(
                term=term, classroom=None, defaults={"language": language}
            )
            added += created
    return added
