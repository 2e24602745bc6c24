"""Where a matcher's hit is in the student's own text: from a stretch of one reading of
the prompt (normalised, symbols read as letters, punctuation inside words removed) back
to character offsets in the prompt as written.

Every reading keeps the prompt's whitespace, so chunk n (a run of non-space characters)
of a reading is chunk n of the prompt. Inside a chunk, offsets carry over only where the
chunk is the same characters in both (ASCII of the same length, so only case differs);
anywhere else (a look-alike letter, an invisible character, "b.l.o.o.d" read as
"blood") the whole chunk is the student's word, less the punctuation around it.
"""

import re

from generation.safety import normalise

# Where a matched stretch is cut out of the prompt at word level, punctuation around it
# is not part of what the student "said". Leet symbols ($, !, @) are kept: they may be.
EDGE_PUNCTUATION = " \t\"'“”‘’«»()[]{}<>.,;:?¿"

Span = tuple[int, int]


class LazySpans:
    """Spans of a pattern's matches in a text, found only as far as asked for: a hit
    near the start of a long prompt costs little."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self._matches = pattern.finditer(text)
        self._spans: list[Span] = []

    def __getitem__(self, n: int) -> Span:
        while len(self._spans) <= n:
            self._spans.append(next(self._matches).span())
        return self._spans[n]


class Located:
    """Where words and characters of one reading are in the prompt."""

    def __init__(self, view: str) -> None:
        self.view = view
        self.words = LazySpans(normalise.word_pattern(view), view)
        self.chunks = LazySpans(normalise.CHUNK, view)

    def chars(self, first: int, last: int) -> Span:
        """Characters of the reading from the start of word `first` to the end of `last`."""
        return self.words[first][0], self.words[last][1]

    def chunks_of(self, start: int, end: int) -> tuple[int, int]:
        """The chunks holding the reading's characters start..end."""
        return len(self.view[: start + 1].split()) - 1, len(self.view[:end].split()) - 1

    def original(self, text: str, start: int, end: int) -> tuple[Span, bool] | None:
        """The reading's characters start..end as a span of `text`, and whether it is
        exact (False: whole chunks, punctuation around them left in). None if the
        reading lost a chunk (a chunk of invisible characters only), so nothing lines up.
        """
        if len(text.split()) != len(self.view.split()):
            return None
        first, last = self.chunks_of(start, end)
        original = LazySpans(normalise.CHUNK, text)
        exact_start = _same_characters(text, original[first], self.chunks[first])
        exact_end = _same_characters(text, original[last], self.chunks[last])
        begin = original[first][0] + (start - self.chunks[first][0] if exact_start else 0)
        finish = original[last][1] - (self.chunks[last][1] - end if exact_end else 0)
        return (begin, finish), exact_start and exact_end

    def span(self, text: str, start: int, end: int) -> Span | None:
        """As `original`, with the punctuation around a whole chunk taken off."""
        located = self.original(text, start, end)
        if located is None:
            return None
        (begin, finish), exact = located
        if exact:
            return begin, finish
        stretch = text[begin:finish]
        inner = stretch.strip(EDGE_PUNCTUATION)
        if not inner:
            return begin, finish
        left = len(stretch) - len(stretch.lstrip(EDGE_PUNCTUATION))
        return begin + left, begin + left + len(inner)

    def found(self, text: str, start: int, end: int) -> str:
        """The stretch of `text` the reading's characters start..end came from."""
        span = self.span(text, start, end)
        if span is None:
            return self.view[start:end]  # cannot happen, but the normalised form will do
        return text[span[0] : span[1]]


def _same_characters(text: str, original: Span, reading: Span) -> bool:
    # An ASCII chunk of the same length in both is the same characters at the same
    # places (only case may differ); otherwise only whole chunks correspond.
    begin, finish = original
    return text[begin:finish].isascii() and finish - begin == reading[1] - reading[0]


def symbol_positions(variant: str) -> list[int]:
    """For each character of `normalise.symbols(variant)`, its place in the variant."""
    tones = set(normalise.SKIN_TONE_CHARS)
    return [i for i, char in enumerate(variant) if not char.isspace() and char not in tones]


def merged(spans: list[Span]) -> list[Span]:
    """Spans sorted, with those that overlap or touch made one."""
    result: list[Span] = []
    for begin, finish in sorted(spans):
        if result and begin <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], finish))
        else:
            result.append((begin, finish))
    return result
