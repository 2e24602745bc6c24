"""The disallow-list matcher on its own (no database): evasions that must be blocked,
innocent near-misses that must pass, and what a match reports.

The lists are the lesson's English and Spanish defaults plus terms an admin might add.
Judgement calls the table pins down, each a deliberate choice:

- Whole words only. A term inside a longer word passes: swordfish, bloodhound,
  Scunthorpe, Sussex, Essex, Middlesex, grape, therapist, classic, glass, assassin,
  adulthood, hello, skill, kiln. So do compounds that start with a term (bloodbath,
  swordsman): telling them from bloodhound would take a dictionary; admins add them.
- A word that is a term is blocked whatever it means here: "adult lion" ("adult" is on
  the lesson's list), "blood orange", "Gore-Tex" and "Al Gore" (hyphens separate words).
- Singular and regular inflections count: sword and ESPADA (lists say "swords",
  "espadas"), bloody, gory, gored, kills, killed, adults, adulta. Derived forms -er, -y
  and -ly are made from terms of four letters or more, so "killer whale" is blocked
  (killer is usually what it looks like; write "orca"), while three-letter terms derive
  nothing (war does not block wary, so sex does not block sexy: add it).
- A term in double quotes is exact: "butt" blocks butt and b u t t, not butter.
- Derivations that are not regular endings pass: violent, nude, sangriento, desnudo.
- A stretched letter is one repeated three times or more: "bloooood" is blood. One
  letter doubled is how English spells other words, so it is not a stretch: "as" is
  not "ass", "but" not "butt", "assess" not "asses", "rapper" not "raper"; and
  "bllood" passes.
- 1, ! and | and a capital I may stand for i or l ("b1ood", "bIood", "k!ll" block); a
  small i is never an l ("fail" is not "fall", "kili" not "kill").
- A word made only of digits is a number: "455" is not "ass", "3 4 5" neither.
- Words split into pieces of several letters are not joined ("bl ood" passes): joining
  would make "go re-enter" gore. Single letters are ("b l o o d"), as is punctuation
  inside a word ("b.l.o.o.d", "bl-ood"), but not an apostrophe ("he'll" is not hell).
- Look-alikes from other scripts count ("ѕех" in Cyrillic is sex), while a Russian,
  Greek or Hindi term an admin adds matches its own script as written.
- Scripts written without spaces (Chinese, Japanese, Thai) only match a term standing
  alone: there are no word boundaries to match whole words by.
"""

import pytest

from generation.safety.matching import TermMatch, blocks_something, compile_terms

ENGLISH = [
    "swords", "violence", "blood", "gore", "nudity", "sexual content", "adult content",
    "adult themes", "adult language", "adult humor", "adult jokes", "adult situations",
    "adult",
]  # fmt: skip
SPANISH = [
    "espadas", "violencia", "sangre", "gore", "desnudez", "contenido sexual",
    "contenido para adultos", "temas para adultos", "lenguaje para adultos",
    "humor para adultos", "chistes para adultos", "situaciones para adultos", "adulto",
]  # fmt: skip
# What an admin might add. Rude words are the subject matter of a filter's tests.
ADMIN = ["zombie", "kill", "sex", "ass", "rape", "rapist", "cunt", "hell", '"butt"']

MATCHER = compile_terms(ENGLISH + SPANISH + ADMIN)

BLOCKED = [
    # The terms as written, in any case.
    ("a knight with two swords", "swords"),
    ("BLOOD everywhere", "blood"),
    ("Gore", "gore"),
    ("a zombie party", "zombie"),
    ("no nudity please", "nudity"),
    ("tell me about violence", "violence"),
    # Singular, plural and inflections.
    ("a sword", "swords"),
    ("a bloody knife", "blood"),
    ("bloodied hands", "blood"),
    ("a gory scene", "gore"),
    ("the bull gored him", "gore"),
    ("zombies attack", "zombie"),
    ("he kills", "kill"),
    ("killed", "kill"),
    ("killing spree", "kill"),
    ("a killer whale", "kill"),
    ("adults only", "adult"),
    ("bloods", "blood"),
    # Accents, fullwidth and other compatibility letters.
    ("blóód", "blood"),
    ("ｂｌｏｏｄ", "blood"),
    ("𝐛𝐥𝐨𝐨𝐝", "blood"),
    ("ⓑⓛⓞⓞⓓ", "blood"),
    ("ʙʟᴏᴏᴅ", "blood"),
    ("𝐁𝐈𝐎𝐎𝐃", "blood"),
    ("bløød", "blood"),
    ("b̷l̷o̷o̷d̷", "blood"),
    ("s̶w̶o̶r̶d̶", "swords"),
    # Invisible characters.
    ("bl\u200bood", "blood"),
    ("b\u200cl\u200do\u2060o\ufeffd", "blood"),
    ("gor\u00ade", "gore"),
    ("zom\u034fbie", "zombie"),
    ("ad\u202eult", "adult"),
    # Look-alike letters from Cyrillic and Greek.
    ("blоod", "blood"),  # Cyrillic о
    ("ВLООD", "blood"),  # Cyrillic В, О
    ("ѕех", "sex"),  # all Cyrillic
    ("gοre", "gore"),  # Greek ο
    ("аdult", "adult"),  # Cyrillic а
    ("ѕwоrdѕ", "swords"),
    # Leetspeak digits and symbols.
    ("b100d", "blood"),
    ("bl00d", "blood"),
    ("b!00d", "blood"),
    ("b|ood", "blood"),
    ("bIood", "blood"),  # capital I for l
    ("g0r3", "gore"),
    ("@dult", "adult"),
    ("4dult", "adult"),
    ("$w0rd$", "swords"),
    ("5word", "swords"),
    ("vi0l3nc3", "violence"),
    ("k1ll", "kill"),
    ("ki11", "kill"),
    ("a$$", "ass"),
    ("s3x", "sex"),
    ("z0mb13", "zombie"),
    ("adul+", "adult"),
    ("a$$!", "ass"),
    ("adul+!", "adult"),
    ("b!ood|", "blood"),
    ("ki!!", "kill"),
    ("b ! o o d!", "blood"),
    ("sexua! content!", "sexual content"),
    # Letters split by spaces, dots, dashes, underscores.
    ("b l o o d", "blood"),
    ("b.l.o.o.d", "blood"),
    ("b-l-o-o-d", "blood"),
    ("b_l_o_o_d", "blood"),
    ("b*l*o*o*d", "blood"),
    ("bl-ood", "blood"),
    ("blo.od", "blood"),
    ("g o r e", "gore"),
    ("a b l o o d y sword", "blood"),
    ("$ w o r d s", "swords"),
    ("s 3 x", "sex"),
    ("b . l . 0 . 0 . d", "blood"),
    # Stretched letters.
    ("bloooooood", "blood"),
    ("bbbllloooddd", "blood"),
    ("gooooore", "gore"),
    ("swoooords", "swords"),
    ("asssss", "ass"),
    ("kiiiil", "kill"),
    # Multi-word terms with any spacing.
    ("adult content", "adult content"),
    ("ADULT   CONTENT", "adult content"),
    ("adult\ncontent", "adult content"),
    ("adult-content", "adult content"),
    ("adultcontent", "adult content"),
    ("sexual content", "sexual content"),
    ("s e x u a l content", "sexual content"),
    ("sexual c.o.n.t.e.n.t", "sexual content"),
    ("a d u l t c o n t e n t", "adult content"),
    ("adult jokes", "adult jokes"),
    ("adult joke", "adult jokes"),
    # Spanish.
    ("s4ngre", "sangre"),
    ("SANGRE", "sangre"),
    ("espadas", "espadas"),
    ("ESPADA", "espadas"),
    ("violencia", "violencia"),
    ("v1olenc1a", "violencia"),
    ("desnudez", "desnudez"),
    ("contenido sexual", "contenido sexual"),
    ("contenido   para adultos", "contenido para adultos"),
    ("contenido-para-adultos", "contenido para adultos"),
    ("chistes para adultos", "chistes para adultos"),
    ("tema para adultos", "temas para adultos"),
    ("adulta", "adulto"),
    ("ADULTOS", "adulto"),
    ("s a n g r e", "sangre"),
    ("sángre", "sangre"),
    # Quoted terms still see through evasions.
    ("butt", '"butt"'),
    ("b u t t", '"butt"'),
    ("8utt", '"butt"'),
    # The whole-word rule stops at word boundaries, not at punctuation.
    ("(blood)", "blood"),
    ('"gore",', "gore"),
    ("blood-hound", "blood"),
    ("Gore-Tex", "gore"),
    ("Al Gore", "gore"),
    ("adult lion", "adult"),
    ("blood orange", "blood"),
]

INNOCENT = [
    "a swordfish in the sea",
    "the bloodhound sniffed",
    "Scunthorpe United",
    "a map of Sussex",
    "Essex and Middlesex",
    "sweet grape juice",
    "my therapist is kind",
    "a classic car",
    "a glass of water",
    "assassin's creed",
    "a bass guitar",
    "adulthood",
    "hello there",
    "a sea shell",
    "he'll come",
    "she'll sing",
    "a skilled painter",
    "a pottery kiln",
    "a kilt",
    "ki energy",
    "as big as a house",
    "but why",
    "butter on toast",
    "a button",
    "go re-enter the cave",
    "a hog ore cart",
    "goreng noodles",
    "a gorilla",
    "gorgeous",
    "Gordon",
    "swordsman",
    "bloodbath",
    "violent storm",
    "a nude painting",
    "sangría",
    "sangriento",
    "espadrilles",
    "desnudo",
    "bl ood",
    "blod",
    "bllood",
    "assess the work",
    "a rapper",
    "the kili river",
    "biood",
    "455 balloons",
    "3 4 5",
    "a sunny day",
    "I like cats!",
    "well-known songs",
    "e.g. a dog",
    "",
    "    ",
    "!!!",
    "…",
    "a b c d e f g",
    "ЖУРАВЛЬ",  # Cyrillic, nothing like a term
    "Καλημέρα",
    "こんにちは",
]


@pytest.mark.parametrize(("prompt", "term"), BLOCKED)
def test_it_blocks_evasions(prompt: str, term: str) -> None:
    match = MATCHER.find(prompt)
    assert match is not None, prompt
    assert match.term == term


@pytest.mark.parametrize("prompt", INNOCENT)
def test_it_lets_innocent_near_misses_pass(prompt: str) -> None:
    assert MATCHER.find(prompt) is None


def test_the_table_is_big_enough() -> None:
    assert len(BLOCKED) + len(INNOCENT) >= 100


def test_it_reports_the_term_as_given_and_the_words_as_written() -> None:
    matcher = compile_terms(["  Swords ", "Adult Content"])

    assert matcher.find("Two $W0RDS!") == TermMatch(term="  Swords ", found="$W0RDS")
    assert matcher.find("no ADULT-content here") == TermMatch(
        term="Adult Content", found="ADULT-content"
    )


def test_it_reports_spelled_out_letters_as_the_student_wrote_them() -> None:
    assert MATCHER.find("draw a b l o o d y sword") == TermMatch(term="blood", found="b l o o d y")
    assert MATCHER.find("some b.l.o.o.d.") == TermMatch(term="blood", found="b.l.o.o.d")


def test_it_reports_non_ascii_words_whole() -> None:
    assert MATCHER.find("very bl\u200bооd, ok") == TermMatch(term="blood", found="bl\u200bооd")


def test_it_names_the_longer_term_where_two_start_together() -> None:
    assert MATCHER.find("some adult content") == TermMatch(
        term="adult content", found="adult content"
    )


def test_it_names_the_first_term_in_the_prompt() -> None:
    assert MATCHER.find("zombies with swords") == TermMatch(term="zombie", found="zombies")


def test_it_prefers_the_term_written_exactly_over_an_inflection() -> None:
    matcher = compile_terms(["swords", "sword"])

    assert matcher.find("a sword").term == "sword"  # type: ignore[union-attr]
    assert matcher.find("two swords").term == "swords"  # type: ignore[union-attr]


def test_an_empty_list_matches_nothing() -> None:
    matcher = compile_terms([])

    assert matcher.find("blood and swords") is None


def test_blank_terms_are_ignored() -> None:
    matcher = compile_terms(["", "   ", "!", "gore"])

    assert matcher.find("a b c ! gore") == TermMatch(term="gore", found="gore")
    assert matcher.find("a b c !") is None


def test_a_russian_term_matches_itself_in_any_case_and_with_latin_look_alikes() -> None:
    matcher = compile_terms(["кровь"])

    assert matcher.find("много кровь") == TermMatch(term="кровь", found="кровь")
    assert matcher.find("КРОВЬ!") is not None
    assert matcher.find("кpoвь") is not None  # Latin p and o
    assert matcher.find("кровать") is None  # bed: a different word


def test_a_greek_term_matches_without_its_accents() -> None:
    matcher = compile_terms(["αίμα"])

    assert matcher.find("ΑΙΜΑ") is not None
    assert matcher.find("αιμα") is not None
    assert matcher.find("αίματα") is None


def test_a_hindi_term_keeps_its_vowel_signs() -> None:
    matcher = compile_terms(["हिंसा"])  # violence

    assert matcher.find("बहुत हिंसा है") == TermMatch(term="हिंसा", found="हिंसा")
    assert matcher.find("हिं\u200bसा") is not None
    assert matcher.find("हंसा") is None  # another word: only the vowel sign differs


def test_non_latin_text_is_not_mistaken_for_latin_terms() -> None:
    # Russian words made of letters with no Latin look-alike stay themselves.
    assert MATCHER.find("жизнь и вода") is None


def test_a_quoted_term_derives_no_other_forms() -> None:
    matcher = compile_terms(['"swords"'])

    assert matcher.find("s.w.o.r.d.s") is not None
    assert matcher.find("a sword") is None


def test_a_number_only_matches_a_number() -> None:
    matcher = compile_terms(["88", "ass"])

    assert matcher.find("the 88 keys") == TermMatch(term="88", found="88")
    assert matcher.find("bb") is None
    assert matcher.find("455") is None


def test_stretched_letters_must_cover_the_terms_own_double_letters() -> None:
    matcher = compile_terms(["ass"])

    assert matcher.find("as") is None
    assert matcher.find("aaas") is None
    assert matcher.find("asss") is not None


def test_a_new_matcher_sees_the_edited_list() -> None:
    before = compile_terms(["zombie"])
    after = compile_terms(["zombie", "dragon"])

    assert before.find("a dragon") is None
    assert after.find("a dragon") == TermMatch(term="dragon", found="dragon")


def test_a_long_prompt_is_checked_to_the_end() -> None:
    prompt = "a happy cat in a sunny garden, " * 130 + "and b l 0 0 d"

    assert MATCHER.find(prompt) == TermMatch(term="blood", found="b l 0 0 d")


SYMBOL_MATCHER = compile_terms([*ENGLISH, "🔫", "🔪", "🩸", "$$$", "🏃\u200d♀\ufe0f"])


@pytest.mark.parametrize(
    ("prompt", "term"),
    [
        ("a toy 🔫 in the garden", "🔫"),
        ("a🔫b", "🔫"),  # emoji are never part of a word
        ("🔪🔪🔪", "🔪"),
        ("a drop of 🩸", "🩸"),
        ("🔫\ufe0f with the emoji variation selector", "🔫"),
        ("🔫\ufe0e with the text variation selector", "🔫"),
        ("🔫\u200d🔫 joined by zero-width joiners", "🔫"),
        ("a \u200b🔫\u200b hidden between invisible spaces", "🔫"),
        ("🔫🏽 with a skin tone", "🔫"),
        ("🏃🏽\u200d♀\ufe0f running, with a skin tone", "🏃\u200d♀\ufe0f"),
        ("$$$", "$$$"),
        ("get $$$ now", "$$$"),
        ("make $$$$ fast", "$$$"),
        ("$ $ $", "$$$"),
        ("＄＄＄ in fullwidth", "$$$"),
    ],
)
def test_a_term_made_of_symbols_blocks_prompts_holding_those_symbols(
    prompt: str, term: str
) -> None:
    match = SYMBOL_MATCHER.find(prompt)

    assert match is not None, prompt
    assert match.term == term


@pytest.mark.parametrize(
    "prompt",
    [
        "it costs $5",
        "ten US$ and $$ twice",
        "a water pistol",
        "🏃 running, no gender given",  # the term is the gendered variant only
        "a happy cat 🐱 with a 🎈",
    ],
)
def test_other_symbols_and_parts_of_a_symbol_term_pass(prompt: str) -> None:
    assert SYMBOL_MATCHER.find(prompt) is None


def test_a_symbol_term_is_reported_as_given_with_the_symbols_found() -> None:
    assert SYMBOL_MATCHER.find("two 🔫🏽 toys") == TermMatch(term="🔫", found="🔫")


def test_a_word_term_still_wins_over_a_symbol_term_in_the_same_prompt() -> None:
    assert SYMBOL_MATCHER.find("🔫 and blood") == TermMatch(term="blood", found="blood")


def test_a_list_of_only_symbol_terms_still_blocks() -> None:
    matcher = compile_terms(["💣"])

    assert matcher.find("a 💣 cake") == TermMatch(term="💣", found="💣")
    assert matcher.find("a cake") is None


@pytest.mark.parametrize(
    ("term", "blocks"),
    [
        ("blood", True),
        ('"butt"', True),
        ("88", True),
        ("кровь", True),
        ("🔫", True),
        ("$$$", True),
        ("a$$", True),
        ("!", False),
        ("?!...", False),
        ('""', False),
        ("🏽", False),  # a skin tone alone is no emoji
        ("\u200b", False),
    ],
)
def test_a_term_blocks_something_only_with_a_letter_a_digit_or_a_symbol(
    term: str, blocks: bool
) -> None:
    assert blocks_something(term) is blocks
    assert (compile_terms([term]).find(f"x {term} y") is not None) is blocks
