"""What an image model added to a student's prompt: the revised prompt as segments of
text, each marked added or not, by a word-level comparison that ignores case and
punctuation. Pure: no Django, no escaping (templates escape the text they show)."""

import re
from difflib import SequenceMatcher
from typing import NamedTuple

# A word with the spaces after it; spaces before the first word are a token of their own.
_TOKEN = re.compile(r"\s+|\S+\s*")


class Segment(NamedTuple):
    """A run of the revised prompt, exactly as the model wrote it."""

    text: str
    added: bool


def _key(token: str) -> str:
    """What a word is compared by: its letters and digits, in lower case ("Robot," is
    "robot"). Punctuation alone has no key and is never a difference by itself."""
    return "".join(character for character in token.casefold() if character.isalnum())


def revised_prompt_segments(prompt: str, revised_prompt: str) -> list[Segment]:
    """The revised prompt in segments whose texts join up to it exactly, with the words
    the student did not write (in that order) marked added. An empty revised prompt
    gives no segments. The spaces after an addition are not part of it."""
    tokens = _TOKEN.findall(revised_prompt)
    keyed = [index for index, token in enumerate(tokens) if _key(token)]
    written = [_key(token) for token in _TOKEN.findall(prompt) if _key(token)]
    matcher = SequenceMatcher(None, written, [_key(tokens[i]) for i in keyed], autojunk=False)

    added = [False] * len(tokens)
    for tag, _first, _last, start, end in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            for position in range(start, end):
                added[keyed[position]] = True
    # Punctuation between two added words belongs to the addition ("a big — bright sky").
    for position in range(1, len(keyed)):
        before, after = keyed[position - 1], keyed[position]
        if added[before] and added[after]:
            for index in range(before + 1, after):
                added[index] = True
    return _joined(tokens, added)


def _joined(tokens: list[str], added: list[bool]) -> list[Segment]:
    segments: list[Segment] = []

    def push(text: str, is_added: bool) -> None:
        if segments and segments[-1].added == is_added:
            segments[-1] = Segment(segments[-1].text + text, is_added)
        elif text:
            segments.append(Segment(text, is_added))

    for index, token in enumerate(tokens):
        if not added[index]:
            push(token, False)
            continue
        word = token.rstrip()
        push(word, True)
        # The spaces after an added word are added only when more of the addition follows.
        next_added = index + 1 < len(tokens) and added[index + 1]
        push(token[len(word) :], next_added)
    return segments
