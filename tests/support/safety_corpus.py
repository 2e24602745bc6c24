"""The corpus of ordinary and blocked prompts (tests/fixtures/safety/), for the tests and
for scripts/bench_safety.py alike."""

from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "fixtures" / "safety"


@dataclass(frozen=True)
class CorpusPrompt:
    language: str
    prompt: str
    category: str = ""  # blocked prompts: the default list expected to stop it


def _rows(name: str) -> list[list[str]]:
    lines = (FOLDER / name).read_text(encoding="utf-8").splitlines()
    return [
        [part.strip() for part in line.split("|")]
        for line in lines
        if line.strip() and not line.startswith("#")
    ]


def ordinary_prompts() -> list[CorpusPrompt]:
    return [CorpusPrompt(language, prompt) for language, prompt in _rows("ordinary_prompts.txt")]


def blocked_prompts() -> list[CorpusPrompt]:
    return [
        CorpusPrompt(language, prompt, category)
        for language, category, prompt in _rows("blocked_prompts.txt")
    ]
