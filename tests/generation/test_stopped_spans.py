"""Where the lists stop a prompt, in the student's own characters (matching.stopped_spans)."""

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generation.safety.matching import compile_terms, stopped_spans
from tests.generation.test_matching_properties import (
    MATCHER as ALL_TERMS,
)
from tests.generation.test_matching_properties import (
    PROPERTY,
    TERMS,
    case_flip,
    leet,
    look_alike,
    rewrite,
    stretched,
    with_invisible,
)

MATCHER = compile_terms(["swords", "blood", "adult content", "🔫", "$$$"])
CLASS_MATCHER = compile_terms(["volcano"])


def marked(text: str) -> list[str]:
    return [text[begin:end] for begin, end in stopped_spans(text, [MATCHER, CLASS_MATCHER])]


@pytest.mark.parametrize(
    ("prompt", "words"),
    [
        ("a knight with SWORDS at the castle", ["SWORDS"]),
        ("a knight with s w o r d s at dawn", ["s w o r d s"]),
        ("two sw0rds!", ["sw0rds"]),
        ("two $W0RDS here", ["$W0RDS"]),
        ("some b.l.o.o.d.", ["b.l.o.o.d"]),
        ("very bl\u200bооd, ok", ["bl\u200bооd"]),  # an invisible space, Cyrillic o's
        ("(bloooood) everywhere", ["bloooood"]),
        ("a cartoon with adult   content", ["adult   content"]),
        ("get $$$ now", ["$$$"]),
        ("two 🔫🏽 toys", ["🔫🏽"]),
    ],
)
def test_the_students_own_characters_that_matched_are_marked_whole(
    prompt: str, words: list[str]
) -> None:
    assert marked(prompt) == words


def test_every_stopped_word_of_every_list_is_marked_in_order() -> None:
    assert marked("blood, a volcano and more blood") == ["blood", "volcano", "blood"]


def test_innocent_words_that_contain_a_term_are_never_marked() -> None:
    assert marked("a swordfish and a bloodhound") == []


def test_spans_are_offsets_in_the_prompt_as_written() -> None:
    prompt = "Ｔhe ｓｗｏｒｄｓ… and a VOLCANO"
    spans = stopped_spans(prompt, [MATCHER, CLASS_MATCHER])
    assert [prompt[begin:end] for begin, end in spans] == ["ｓｗｏｒｄｓ…", "VOLCANO"]
    assert spans[1] == (len(prompt) - len("VOLCANO"), len(prompt))


def test_a_prompt_is_marked_exactly_when_the_lists_stop_it() -> None:
    for prompt in ["a castle", "a b l o o d y sword", "adult-content", "🔫🔫", "US$5"]:
        assert bool(MATCHER.spans(prompt)) == (MATCHER.find(prompt) is not None), prompt


# Whatever a student does to a listed term, the whole of what they wrote is marked, and
# none of the innocent words around it.
AROUND = ["the", "big", "happy", "cat", "with", "draw", "please"]


@PROPERTY
@given(
    term=st.sampled_from(TERMS),
    evasion=st.sampled_from([case_flip, leet, look_alike, stretched, with_invisible]),
    before=st.lists(st.sampled_from(AROUND), min_size=1, max_size=3),
    after=st.lists(st.sampled_from(AROUND), max_size=3),
    data=st.data(),
)
def test_an_evaded_term_is_marked_whole_and_alone(
    term: str,
    evasion: Callable[[str], st.SearchStrategy[str]],
    before: list[str],
    after: list[str],
    data: st.DataObject,
) -> None:
    written = rewrite(term, evasion, data.draw)
    head = " ".join(before) + " "
    prompt = head + written + (" " + " ".join(after) if after else "")
    assert ALL_TERMS.spans(prompt) == [(len(head), len(head) + len(written))], ascii(prompt)
