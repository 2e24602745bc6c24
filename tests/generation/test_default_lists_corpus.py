"""Overblocking measured, not guessed: every ordinary classroom prompt of the corpus
passes the lists with every default category on, and every blocked one is stopped, in
English and Spanish, with no OpenAI key (the lists are the only layer before the image
service then)."""

from collections import Counter

import pytest

from classrooms.models import Classroom
from generation.models import Generation
from generation.safety import check_prompt
from generation.safety.categories import BY_SLUG, INFO, categories
from generation.safety.category_switches import category_switch
from generation.safety.matching import Prepared, blocks_something, compile_terms
from tests.support.safety_corpus import CorpusPrompt, blocked_prompts, ordinary_prompts

pytestmark = pytest.mark.django_db

ORDINARY = ordinary_prompts()
BLOCKED = blocked_prompts()


@pytest.fixture(autouse=True)
def no_openai_key(settings: object) -> None:
    settings.OPENAI_API_KEY = ""  # type: ignore[attr-defined]


def every_category_on() -> None:
    for info in INFO:
        category_switch(actor=None, category=info.slug, on=True)


def only_on(slug: str) -> None:
    for info in INFO:
        category_switch(actor=None, category=info.slug, on=info.slug == slug)


def test_the_corpus_is_big_enough_in_both_languages_and_every_category() -> None:
    assert len(ORDINARY) >= 300
    assert len(BLOCKED) >= 300
    assert {p.language for p in ORDINARY} == {"en", "es"}
    assert min(Counter(p.language for p in ORDINARY).values()) >= 100
    assert {p.category for p in BLOCKED} == set(BY_SLUG)
    for slug in BY_SLUG:
        assert {p.language for p in BLOCKED if p.category == slug} == {"en", "es"}, slug
    assert len({p.prompt for p in ORDINARY}) == len(ORDINARY)
    assert len({p.prompt for p in BLOCKED}) == len(BLOCKED)


def test_every_ordinary_prompt_passes_with_every_default_list_on(classroom: Classroom) -> None:
    stopped = [
        (p.prompt, verdict.rule)
        for p in ORDINARY
        if not (verdict := check_prompt(p.prompt, classroom=classroom)).allowed
    ]
    assert stopped == []


def test_every_blocked_prompt_of_a_default_list_is_blocked_as_shipped() -> None:
    on_by_default = {info.slug for info in INFO if info.on_by_default}
    passed = [
        p.prompt for p in BLOCKED if p.category in on_by_default and check_prompt(p.prompt).allowed
    ]
    assert passed == []


def test_every_blocked_prompt_is_blocked_with_every_list_on() -> None:
    every_category_on()
    assert [p.prompt for p in BLOCKED if check_prompt(p.prompt).allowed] == []


@pytest.mark.parametrize("slug", [info.slug for info in INFO if info.slug != "lesson"])
def test_each_lists_own_prompts_are_blocked_by_it_alone_and_named(slug: str) -> None:
    only_on(slug)
    verdicts = {p.prompt: check_prompt(p.prompt) for p in BLOCKED if p.category == slug}
    assert [prompt for prompt, v in verdicts.items() if v.allowed] == []
    # The school's list holds the lesson's words; anything else is this list's.
    named = {
        prompt: v.category
        for prompt, v in verdicts.items()
        if v.layer == Generation.SafetyLayer.CATEGORY
    }
    assert set(named.values()) == {slug}
    assert len(named) >= len(verdicts) - 3


def test_the_drugs_list_is_the_only_one_off_by_default_and_its_prompts_pass_then() -> None:
    assert [info.slug for info in INFO if not info.on_by_default] == ["drugs"]
    assert check_prompt("a drunk pirate with a glass of beer").allowed


def test_every_shipped_word_blocks_something_and_none_is_also_left_out() -> None:
    for category in categories():
        terms = category.all_terms()
        assert terms, category.slug
        assert all(blocks_something(term) for term in terms), category.slug
        left_out = set(category.left_out)
        assert not left_out & {t.strip('"') for t in terms}, category.slug
        if category.slug != "lesson":
            assert category.sources, category.slug


def test_a_prompt_read_once_matches_every_list_as_if_read_for_each() -> None:
    shipped = compile_terms(t for c in categories() for t in c.all_terms())
    own = compile_terms(["zombie", "lava", "🔫", "dragon slayer"])
    for p in [*ORDINARY, *BLOCKED][::3] + [CorpusPrompt("en", "a zombie with a 🔫 in lava")]:
        read_once = Prepared(p.prompt)
        assert shipped.find(read_once) == shipped.find(p.prompt), p.prompt
        assert own.find(read_once) == own.find(p.prompt), p.prompt
