"""Property tests for the disallow-list matcher: whatever a student does to a blocked
term (case, invisible characters, leetspeak, look-alike letters, accents, separators
between letters, stretched letters, surrounding words), it stays blocked; and prompts
made only of innocent near-misses stay allowed.

Derandomised so CI sees the same examples every run; two hundred examples per property
keep the file to a few seconds.
"""

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from generation.safety.defaults import default_terms
from generation.safety.matching import compile_terms

DEFAULTS = list(dict.fromkeys(default_terms("en") + default_terms("es")))
ADMIN = ["zombie", "kill", "dragon slayer"]
TERMS = DEFAULTS + ADMIN
MATCHER = compile_terms(TERMS)

# No example database: derandomised runs replay the same examples anyway.
PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e"]
LEET = {
    "a": ["4", "@"],
    "b": ["8"],
    "e": ["3"],
    "g": ["9"],
    "i": ["1", "!", "|"],
    "l": ["1", "|", "!", "I"],
    "o": ["0"],
    "s": ["5", "$"],
    "t": ["7", "+"],
}
# Cyrillic and Greek letters Unicode lists as confusable with these Latin ones.
LOOK_ALIKES = {
    "a": ["а", "α"],
    "c": ["с"],
    "e": ["е"],
    "i": ["і", "ι"],
    "j": ["ј"],
    "o": ["о", "ο"],
    "p": ["р"],
    "s": ["ѕ"],
    "v": ["ν"],
    "x": ["х"],
    "y": ["у"],
}
ACCENTS = ["\u0301", "\u0308", "\u0336", "\u0337", "\u0489"]
SEPARATORS = [" ", ".", "-", "_", "*", "~", "/", "·", ". ", " - "]
CONTEXT_WORDS = ["a", "the", "big", "happy", "cat", "with", "I", "draw", "please", "in"]


def rewrite(
    term: str,
    letter: Callable[[str], st.SearchStrategy[str]],
    draw: Callable[[st.SearchStrategy[str]], str],
) -> str:
    """The term with each letter rewritten by `letter`, words kept apart by spaces."""
    return " ".join("".join(draw(letter(c)) for c in word) for word in term.split())


def blocked_as(prompt: str, term: str) -> bool:
    match = MATCHER.find(prompt)
    return match is not None and match.term == term


def case_flip(c: str) -> st.SearchStrategy[str]:
    return st.sampled_from([c.lower(), c.upper()])


def stretched(c: str) -> st.SearchStrategy[str]:
    # A stretch is three or more: one letter doubled is how English spells other words
    # ("assess" is not "asses").
    return st.sampled_from([1, 3, 4, 6]).map(lambda n: c * n)


def leet(c: str) -> st.SearchStrategy[str]:
    return st.sampled_from([c, *LEET.get(c, [])])


def look_alike(c: str) -> st.SearchStrategy[str]:
    return st.sampled_from([c, *LOOK_ALIKES.get(c, [])])


def accented(c: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(ACCENTS), max_size=2).map(lambda marks: c + "".join(marks))


def with_invisible(c: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(INVISIBLE), max_size=2).map(lambda cs: c + "".join(cs))


@PROPERTY
@given(term=st.sampled_from(TERMS), data=st.data())
def test_case_changes_keep_a_term_blocked(term: str, data: st.DataObject) -> None:
    prompt = rewrite(term, case_flip, data.draw)
    assert blocked_as(prompt, term), prompt


@PROPERTY
@given(term=st.sampled_from(TERMS), data=st.data())
def test_invisible_characters_keep_a_term_blocked(term: str, data: st.DataObject) -> None:
    prompt = rewrite(term, with_invisible, data.draw)
    assert blocked_as(prompt, term), ascii(prompt)


@PROPERTY
@given(term=st.sampled_from(TERMS), data=st.data())
def test_leetspeak_keeps_a_term_blocked(term: str, data: st.DataObject) -> None:
    prompt = rewrite(term, leet, data.draw)
    assert blocked_as(prompt, term), prompt


@PROPERTY
@given(term=st.sampled_from(TERMS), data=st.data())
def test_look_alike_letters_and_accents_keep_a_term_blocked(term: str, data: st.DataObject) -> None:
    prompt = rewrite(term, look_alike, data.draw)
    prompt = rewrite(prompt, accented, data.draw)
    assert blocked_as(prompt, term), ascii(prompt)


@PROPERTY
@given(term=st.sampled_from(TERMS), data=st.data())
def test_stretched_letters_keep_a_term_blocked(term: str, data: st.DataObject) -> None:
    prompt = rewrite(term, stretched, data.draw)
    assert blocked_as(prompt, term), prompt


@PROPERTY
@given(term=st.sampled_from(TERMS), separator=st.sampled_from(SEPARATORS))
def test_a_separator_between_every_letter_keeps_a_term_blocked(term: str, separator: str) -> None:
    prompt = "  ".join(separator.join(word) for word in term.split())
    assert blocked_as(prompt, term), prompt


@PROPERTY
@given(
    term=st.sampled_from(TERMS),
    separator=st.sampled_from(SEPARATORS),
    before=st.lists(st.sampled_from(CONTEXT_WORDS), max_size=4),
    after=st.lists(st.sampled_from(CONTEXT_WORDS), max_size=4),
    data=st.data(),
)
def test_every_evasion_at_once_inside_a_sentence_keeps_a_term_blocked(
    term: str, separator: str, before: list[str], after: list[str], data: st.DataObject
) -> None:
    def anything(c: str) -> st.SearchStrategy[str]:
        return (
            st.tuples(leet(c), st.sampled_from([1, 3]), st.sampled_from(["", *INVISIBLE]))
            .map(lambda t: (t[0] * t[1]) + t[2])
            .flatmap(lambda s: st.sampled_from([s, s.upper()]))
        )

    words = [separator.join(data.draw(anything(c)) for c in word) for word in term.split()]
    prompt = " ".join([*before, "  ".join(words), *after]) + data.draw(
        st.sampled_from(["", ".", "!", "?", ","])
    )
    match = MATCHER.find(prompt)
    assert match is not None, ascii(prompt)
    # Context words are innocent, so the match is the term, or a term it contains or
    # that contains it (a spelled-out "a d u l t" before the word "a" reads "adulta").
    assert term in match.term or match.term in term, (ascii(prompt), match)


NEAR_MISSES = [
    "swordfish", "bloodhound", "Scunthorpe", "Sussex", "Essex", "Middlesex", "grape",
    "therapist", "classic", "glass", "adulthood", "skill", "kiln", "gorilla", "gorgeous",
    "goreng", "sangría", "espadrilles", "violet", "nudibranch", "dragonfly", "slayed",
    "happy", "cat", "a", "I", "re", "go", "hog", "ore",
]  # fmt: skip


@PROPERTY
@given(
    words=st.lists(st.sampled_from(NEAR_MISSES), min_size=1, max_size=12),
    punctuation=st.lists(st.sampled_from(["", ",", ".", "!", "?", ";", " -"]), min_size=12),
)
def test_sentences_of_near_misses_pass(words: list[str], punctuation: list[str]) -> None:
    prompt = " ".join(w + p for w, p in zip(words, punctuation, strict=False))
    assert MATCHER.find(prompt) is None, prompt
