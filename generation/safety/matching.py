"""Matching prompts against disallowed terms.

`compile_terms` builds a matcher once per version of the lists; `find` is what every
prompt goes through. (Interim: whole-word, case-insensitive; the hardened normaliser
replaces the inside of this module, not its interface.)
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TermMatch:
    term: str  # the disallowed term as the admin or teacher wrote it
    found: str  # the stretch of the prompt that matched


class TermMatcher:
    def __init__(self, terms: Iterable[str]) -> None:
        self._terms = {" ".join(t.lower().split()): t for t in terms if t.strip()}
        ordered = sorted(self._terms, key=len, reverse=True)
        parts = [r"\s+".join(re.escape(w) for w in t.split()) for t in ordered]
        self._pattern = (
            re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE) if parts else None
        )

    def find(self, text: str) -> TermMatch | None:
        if self._pattern is None:
            return None
        match = self._pattern.search(text)
        if match is None:
            return None
        key = " ".join(match.group(0).lower().split())
        return TermMatch(term=self._terms[key], found=match.group(0))


def compile_terms(terms: Iterable[str]) -> TermMatcher:
    return TermMatcher(terms)
