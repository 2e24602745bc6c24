"""Matching prompts against disallowed terms.

`compile_terms` builds a matcher once per version of a list; `find` is what every
prompt goes through. The rule is whole words: a term matches a word of the prompt, or a
few consecutive words for a term of several words, never part of a longer word
(swordfish, bloodhound, Scunthorpe, Sussex and adulthood pass).

How evasions meet the term (characters: see normalise.py):

- Each term is expanded once, at compile time, into the forms a prompt may use:
  the term, its singular ("swords" → "sword") and its regular English and Spanish
  inflections (bloody, gory, kills, killer, adulta). Every form is stored under its
  *key*: leetspeak folded, runs of one letter squeezed to one ("blood" → "biod"). The
  matcher is a dict from key to forms, so checking a word is one hash look-up whatever
  the size of the list; there is no loop over terms, and no 5,000-way regex.
- Squeezing lets "bloooood" find "blood", and folding lets "b1ood" find it. Both are
  loose on purpose (the key only chooses what to compare); a hit is confirmed by
  `normalise.fits`: each letter run as long as the term's or stretched to three or more
  ("as" is not "ass", "assess" is not "asses"), and i and l told apart unless the prompt
  has a character that may be either ("fail" is not "fall"; "b1ood" is "blood").
- The prompt is read several ways (`normalise.views`): symbols as punctuation or as
  letters, punctuation inside words kept or removed. Each reading is split into words
  by C-level regexes, and one set operation tells whether any word's key is in the
  list at all; the Python loop only runs over the words that hit.
- Words spelled out letter by letter ("b l o o d", "b.l.o.o.d") are joined, and any
  stretch of them that is a term matches ("a b l o o d" holds "blood").
- A term of several words matches consecutive words whose letters, joined, are the
  term's letters joined: "adult content", "adult-content", "adultcontent",
  "ADULT\\n content". Single-word terms are never matched across words, so "go re-enter"
  and "a hog ore cart" do not spell "gore".
- A word made only of digits is a number, not leetspeak: "455" is not "ass".
- A term written in double quotes ("butt") is matched as written: every evasion above
  still counts, but no singular or inflected forms are derived from it.
- A term made only of symbols ("🔫", "🩸", "$$$") has no words: it matches wherever
  its symbols appear in the prompt, inside or between words ("get $$$ now", "🔫🔫",
  "🔫️", "🔫🏽"), but only all of them in a row: "$$$" lets "$5" and "US$" pass.
  Symbols in a term that has letters are read as letters or separators as above
  ("a$$" is "ass"). Punctuation alone ("!", "?!") is not a term: it is ignored.
"""

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, count
from typing import NamedTuple

from generation.safety import normalise
from generation.safety.inflections import singulars, term_forms
from generation.safety.locate import Located, Span, merged, symbol_positions


@dataclass(frozen=True)
class TermMatch:
    term: str  # the disallowed term as the admin or teacher wrote it
    found: str  # the stretch of the prompt that matched, as the student wrote it


class _Form(NamedTuple):
    """One way a term can appear in a prompt."""

    rank: int  # 0 the term as written, 1 its singular, 2 an inflection: the lowest is reported
    order: int  # the term's place in the list, so ties are broken the same way every time
    term: str
    spelling: str  # normalised, before folding: what `normalise.fits` compares a prompt with
    words: int  # how many words the term has
    numeric: bool  # the term is a number ("1488"); numbers only match numbers


# How a form is stored: the fields of _Form, as a plain tuple (see TermMatcher).
_Entry = tuple[int, int, str, str, int, bool]


class _Hit(NamedTuple):
    view: str  # the reading of the prompt the hit was found in
    first: int  # index of its first and last word in that reading
    last: int
    form: _Form


# A term of k words may be split into a few more pieces in a prompt ("adult con tent").
_EXTRA_PIECES = 2


def _key(text: str) -> str:
    return normalise.skeleton(normalise.fold(text))


def _term_text(term: str) -> tuple[bool, str]:
    """Whether a term is quoted (exact), and its text as the matcher reads it."""
    text = term.strip()
    # A term in double quotes is matched as written, without singular or inflections
    # (every evasion still counts): the way out when a rule would block an innocent
    # word ("butt" would otherwise block "butter").
    exact = len(text) > 2 and text[0] == text[-1] == '"'
    # Lower case first: a capital I in a term is an i, not the i-or-l wildcard.
    return exact, normalise.term_symbols(text.strip('"').lower())


def blocks_something(term: str) -> bool:
    """Whether a term can match any prompt: it has a letter, a digit or a symbol. A
    term of punctuation alone ("!", "...") would block nothing, so forms refuse it."""
    _exact, text = _term_text(term)
    return any(
        normalise.word_pattern(variant).search(variant) is not None
        or normalise.is_symbol_term(normalise.symbols(variant))
        for variant in normalise.variants(text)
    )


class TermMatcher:
    def __init__(self, terms: Iterable[str]) -> None:
        index: dict[str, tuple[_Entry, ...]] = {}
        first_words: set[str] = set()
        # Symbol terms: (its symbols, order, term), for prompts that are ASCII or not.
        symbol_terms: dict[bool, list[tuple[str, int, str]]] = {True: [], False: []}
        max_words = 1
        for order, term in enumerate(terms):
            if not term or not term.strip():
                continue
            exact, text = _term_text(term)
            seen: set[str] = set()
            for variant in normalise.variants(text):
                words = normalise.word_pattern(variant).findall(variant)
                if not words:
                    spelling = normalise.symbols(variant)
                    if normalise.is_symbol_term(spelling) and spelling not in seen:
                        seen.add(spelling)
                        symbol_terms[spelling.isascii()].append((spelling, order, term))
                    continue
                if len(words) > 1:
                    max_words = max(max_words, len(words))
                    heads = [words[0]] if exact else [words[0], *singulars(words[0])]
                    first_words.update(map(_key, heads))
                forms = [(0, "".join(words))] if exact else term_forms(words)
                for rank, form in forms:
                    if form in seen:
                        continue
                    seen.add(form)
                    # Plain tuples of strings and numbers: the garbage collector stops
                    # tracking them, which halves the time a large list takes to compile.
                    entry = (rank, order, term, form, len(words), form.isdigit())
                    key = _key(form)
                    others = index.get(key)
                    index[key] = (entry,) if others is None else (*others, entry)
        for key, entries in index.items():
            if len(entries) > 1:
                index[key] = tuple(sorted(entries))
        self._index = index
        self._keys = index.keys()
        # Sorted keys answer "is this a prefix of any key?" by bisection, which is what
        # stops the search inside a spelled-out run early.
        self._sorted_keys = sorted(index)
        self._longest = max(map(len, index), default=0)
        self._first_words = frozenset(first_words)
        self._phrase_pieces = max_words + _EXTRA_PIECES
        self._ascii_symbol_terms = symbol_terms[True]
        self._symbol_terms = symbol_terms[True] + symbol_terms[False]

    def find(self, text: "str | Prepared") -> TermMatch | None:
        """The term this text holds, if any. Pass a `Prepared` text to check it against
        several lists while reading it only once."""
        prepared = text if isinstance(text, Prepared) else Prepared(text)
        if not prepared.text or not (self._index or self._symbol_terms):
            return None
        match = self._find_words(prepared) if self._index else None
        if match is None and self._symbol_terms:
            match = self._find_symbols(prepared.variants)
        return match

    def _find_symbols(self, variants: list[str]) -> TermMatch | None:
        """The symbol term that appears first (then the longest, then list order)."""
        best: tuple[int, int, int, str, str] | None = None
        for variant in variants:
            # Text of ASCII only cannot hold an emoji; and a term can only be in the
            # reading if its first symbol is in the text (a search in C, usually over at
            # once), so most prompts never build the reading.
            terms = self._ascii_symbol_terms if variant.isascii() else self._symbol_terms
            candidates = [entry for entry in terms if entry[0][0] in variant]
            if not candidates:
                continue
            reading = normalise.symbols(variant)
            for spelling, order, term in candidates:
                at = reading.find(spelling)
                if at >= 0 and (best is None or (at, -len(spelling), order) < best[:3]):
                    best = (at, -len(spelling), order, term, spelling)
        if best is None:
            return None
        # The reading has no whitespace left to find the student's own characters by;
        # the symbols themselves say what was found.
        return TermMatch(term=best[3], found=best[4])

    def _find_words(self, prepared: "Prepared") -> TermMatch | None:
        hits = self._word_hits(prepared)
        if not hits:
            return None
        return _report(prepared.text, hits)

    def _word_hits(self, prepared: "Prepared") -> list["_Hit"]:
        hits: list[_Hit] = []
        for reading in prepared.readings():
            hits += self._scan(reading)
        return hits

    def spans(self, text: str) -> list[Span]:
        """Every stretch of the text this list stops, as character offsets in the text as
        written, sorted and merged: what `find` reports and every other hit, in every
        reading. An evasion is marked whole: "s w o r d s", "sw0rds", "b.l.o.o.d"."""
        if not text:
            return []
        prepared = Prepared(text)
        variants = prepared.variants
        found: list[Span] = []
        if self._index:
            located: dict[str, Located] = {}
            for hit in self._word_hits(prepared):
                where = located.setdefault(hit.view, Located(hit.view))
                span = where.span(text, *where.chars(hit.first, hit.last))
                if span is not None:
                    found.append(span)
        if self._symbol_terms:
            found += self._symbol_spans(text, variants)
        return merged(found)

    def _symbol_spans(self, text: str, variants: list[str]) -> list[Span]:
        """Every place a symbol term appears (see `_find_symbols`), in the text."""
        found: list[Span] = []
        for variant in variants:
            terms = self._ascii_symbol_terms if variant.isascii() else self._symbol_terms
            candidates = [entry for entry in terms if entry[0][0] in variant]
            if not candidates:
                continue
            reading = normalise.symbols(variant)
            # The reading drops whitespace and skin tones: where each of its characters was.
            positions = symbol_positions(variant)
            where = Located(variant)
            for spelling, _order, _term in candidates:
                at = reading.find(spelling)
                while at >= 0:
                    start, end = positions[at], positions[at + len(spelling) - 1] + 1
                    span = where.span(text, start, end)
                    if span is not None:
                        found.append(span)
                    at = reading.find(spelling, at + 1)
        return found

    def _scan(self, reading: "_Reading") -> list[_Hit]:
        tokens, keys, index = reading.tokens, reading.keys, self._index
        hits: list[tuple[int, int, _Form]] = []
        # One C-level set operation answers "does any word of this reading hit?"; a
        # Python loop only ever runs over the words that do.
        if not self._keys.isdisjoint(keys):
            for i in compress(count(), map(index.__contains__, keys)):
                form = self._accept(index[keys[i]], reading.written(i, i))
                if form is not None:
                    hits.append((i, i, form))
        if self._first_words and not self._first_words.isdisjoint(keys):
            hits += self._phrases(reading, tokens, keys, None)
        # One-letter words, counting a stretched one ("b l ooo d"): a key of one letter.
        singles = list(compress(count(), map((1).__eq__, map(len, keys))))
        runs = _consecutive(singles)
        if runs:
            hits += self._spelled_out(reading, runs)
        return [_Hit(reading.view, first, last, form) for first, last, form in hits]

    def _accept(
        self, forms: tuple[_Entry, ...], written: str, phrase: bool = False
    ) -> _Form | None:
        """The first form (lowest rank, then list order) that the prompt's words, as
        `written` (normalised, not folded), really spell: see `normalise.fits`. Numbers
        only match numbers, and across words (`phrase`) only terms of several words."""
        for entry in forms:
            form = _Form(*entry)
            if phrase and form.words < 2:
                continue  # single words are never matched across words ("go re" ≠ gore)
            if form.numeric == written.isdigit() and normalise.fits(written, form.spelling):
                return form
        return None

    def _phrases(
        self,
        reading: "_Reading",
        tokens: list[str],
        keys: list[str],
        origin: tuple[list[int], list[int]] | None,
    ) -> list[tuple[int, int, _Form]]:
        """Terms of several words: consecutive pieces (words, or spelled-out runs read
        as one word; `origin` maps pieces back to words) starting with a term's first
        word, joined while they are the start of some term."""
        hits = []
        for i in compress(count(), map(self._first_words.__contains__, keys)):
            joined, key = tokens[i], keys[i]
            for j in range(i + 1, min(len(tokens), i + self._phrase_pieces)):
                joined += tokens[j]
                # The key of two words joined is their keys joined, one letter squeezed
                # where the first ends with the letter the second starts with.
                key += keys[j][1:] if key[-1:] == keys[j][:1] else keys[j]
                forms = self._index.get(key)
                if forms is not None:
                    first, last = (i, j) if origin is None else (origin[0][i], origin[1][j])
                    form = self._accept(forms, reading.written(first, last), phrase=True)
                    if form is not None:
                        hits.append((first, last, form))
                if not self._is_prefix(key):
                    break
        return hits

    def _is_prefix(self, key: str) -> bool:
        at = bisect_left(self._sorted_keys, key)
        return at < len(self._sorted_keys) and self._sorted_keys[at].startswith(key)

    def _spelled_out(
        self, reading: "_Reading", runs: list[tuple[int, int]]
    ) -> list[tuple[int, int, _Form]]:
        """Runs of one-letter words ("b l o o d"): any stretch of a run that spells a
        term, then phrases over the prompt with each run read as one word."""
        tokens, keys = reading.tokens, reading.keys
        hits = []
        for start, end in runs:
            hits += self._inside(reading, start, end)
        if self._first_words:
            pieces: list[str] = []
            piece_keys: list[str] = []
            firsts: list[int] = []
            lasts: list[int] = []
            position = 0
            for start, end in [*runs, (len(tokens), len(tokens))]:
                pieces += tokens[position:start]
                piece_keys += keys[position:start]
                firsts += range(position, start)
                lasts += range(position, start)
                if start < end:
                    letters = "".join(tokens[start:end])
                    pieces.append(letters)
                    piece_keys.append(normalise.skeleton(letters))
                    firsts.append(start)
                    lasts.append(end - 1)
                position = end
            hits += self._phrases(reading, pieces, piece_keys, (firsts, lasts))
        return hits

    def _inside(self, reading: "_Reading", start: int, end: int) -> list[tuple[int, int, _Form]]:
        # One group per run of a letter; a stretch is a range of groups, and its key is
        # their letters. Extending a stretch stops as soon as no key starts with it.
        letters = "".join(reading.tokens[start:end])
        written = reading.written(start, end - 1)
        # The word each letter came from ("ooo" in "b l ooo d" is one word).
        word_of = [i for i in range(start, end) for _ in reading.tokens[i]]
        groups = [(m.group(1), m.start(), m.end()) for m in normalise.RUNS.finditer(letters)]
        hits = []
        for g0 in range(len(groups)):
            key = ""
            for g in range(g0, min(len(groups), g0 + self._longest)):
                key += groups[g][0]
                forms = self._index.get(key)
                if forms is None:
                    if self._is_prefix(key):
                        continue
                    break
                hit = self._accept_stretch(forms, written, groups[g0][1:], groups[g][1:])
                if hit is not None:
                    begin, finish, form = hit
                    hits.append((word_of[begin], word_of[finish - 1], form))
        return hits

    def _accept_stretch(
        self,
        forms: tuple[_Entry, ...],
        written: str,
        first_run: tuple[int, int],
        last_run: tuple[int, int],
    ) -> tuple[int, int, _Form] | None:
        """A stretch of a spelled-out run from its first to its last letter run. Those
        two may be shared with a neighbouring word ("a a d u l t" is "a" and "adult"),
        so try taking all of their letters, or just the one or two next to the rest."""
        (first_start, first_end), (last_start, last_end) = first_run, last_run
        begins = dict.fromkeys([first_start, max(first_end - 1, first_start), first_end - 2])
        finishes = dict.fromkeys([last_end, min(last_start + 1, last_end), last_start + 2])
        for begin in begins:
            for finish in finishes:
                if first_start <= begin < finish <= last_end:
                    form = self._accept(forms, written[begin:finish])
                    if form is not None:
                        return begin, finish, form
        return None


def _consecutive(indices: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each run of two or more consecutive indices."""
    runs = []
    start = previous = -2
    for i in [*indices, -2]:
        if i != previous + 1:
            if previous - start >= 1:
                runs.append((start, previous + 1))
            start = i
        previous = i
    return runs


class Prepared:
    """A prompt read once, for every list it is checked against: its variants, and
    (when a list with words first asks) its readings, split into words and keyed. None of
    it depends on a list, so the school's list and a class's share the work."""

    __slots__ = ("_readings", "text", "variants")

    def __init__(self, text: str) -> None:
        self.text = text
        self.variants = normalise.variants(text) if text else []
        self._readings: list[_Reading] | None = None

    def readings(self) -> "list[_Reading]":
        if self._readings is None:
            views = [view for variant in self.variants for view in normalise.views(variant)]
            folded = [normalise.words(normalise.fold(view)) for view in views]
            # Readings share most of their words: squeeze each distinct word once.
            keys = {token: normalise.skeleton(token) for token in set().union(*folded)}
            self._readings = [
                _Reading(view, tokens, list(map(keys.__getitem__, tokens)))
                for view, tokens in zip(views, folded, strict=True)
            ]
        return self._readings


class _Reading:
    """One reading of the prompt: its words with leetspeak folded, their keys, and (on
    demand, for the few words that hit) the same words before folding."""

    __slots__ = ("_written", "keys", "tokens", "view")

    def __init__(self, view: str, tokens: list[str], keys: list[str]) -> None:
        self.view = view
        self.tokens = tokens
        self.keys = keys
        self._written: list[str] | None = None

    def written(self, first: int, last: int) -> str:
        """Words first..last as they are before folding, joined."""
        if self._written is None:
            # Folding maps characters one for one, so the words line up.
            self._written = normalise.words(self.view)
        return "".join(self._written[first : last + 1])


def _report(text: str, hits: list[_Hit]) -> TermMatch:
    """The hit to report: the one that starts first in the prompt, then the longest
    (so "adult content" is named rather than "adult"), then the term as written."""

    def rank(hit: _Hit) -> tuple[int, int, int]:
        return (-len(hit.form.spelling), hit.form.rank, hit.form.order)

    # Within a reading, word order is prompt order: keep each reading's best hit, then
    # compare those few by position in the prompt, in chunks (whitespace-separated),
    # which all readings share.
    best_of: dict[str, _Hit] = {}
    for hit in hits:
        current = best_of.get(hit.view)
        if current is None or (hit.first, -hit.last, *rank(hit)) < (
            current.first,
            -current.last,
            *rank(current),
        ):
            best_of[hit.view] = hit
    located = {view: Located(view) for view in best_of}

    def order(hit: _Hit) -> tuple[int, ...]:
        first, last = located[hit.view].chunks_of(*located[hit.view].chars(hit.first, hit.last))
        return (first, -last, *rank(hit))

    best = min(best_of.values(), key=order)
    where = located[best.view]
    return TermMatch(
        term=best.form.term, found=where.found(text, *where.chars(best.first, best.last))
    )


def compile_terms(terms: Iterable[str]) -> TermMatcher:
    return TermMatcher(terms)


def stopped_spans(text: str, matchers: Iterable[TermMatcher]) -> list[Span]:
    """Where any of these lists stops the text, in the text's own characters, merged."""
    return merged([span for matcher in matchers for span in matcher.spans(text)])
