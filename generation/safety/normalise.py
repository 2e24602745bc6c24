"""Character-level normalisation shared by the disallow lists and the prompts they check.

Both sides go through the same functions, the terms once when a list is compiled and
every prompt when it is checked, so that whatever a student does to a word the two
meet in one form. The steps, and why each exists:

- NFKD: fullwidth and "fancy" letters (ｂｌｏｏｄ, 𝐛𝐥𝐨𝐨𝐝, Ⓑ) become plain ones, and accented
  letters split into a base letter plus a combining accent, which we then drop.
- casefold: case-insensitive in every script (ß → ss, Σ/σ/ς alike).
- invisible characters (Unicode's format characters and default-ignorables: zero-width
  space and joiners, soft hyphen, bidi controls, variation selectors, tags) are deleted,
  so "bl<ZWSP>ood" reads "blood", as it does on screen.
- look-alikes: Unicode's confusables data (shipped by `confusable-homoglyphs`, read from
  the installed package, never from the network) gives, for every character that looks
  like a Latin letter, that letter. Look-alikes from Latin itself and from no script in
  particular (ɑ, ı, ⍺) are always mapped. Those from other scripts (Cyrillic а, Greek ο,
  Armenian օ ...) are mapped only in a second "Latin" reading of the prompt, which is
  checked in addition to the prompt as written: a Russian or Greek term an admin adds
  still matches its own script in any case, letters with no Latin look-alike (ж, в, λ)
  are never touched, and a word that looks like a Latin term on screen is caught
  whichever script its letters come from.
- characters that may stand for either i or l become "1", the one wildcard: the digit
  itself, "!" and "|" where read as letters, a capital I (drawn like a small l in most
  fonts: "bIood", "a d u I t") and Unicode's look-alikes of l and I. Leetspeak digits
  and the wildcard are folded by `fold` for hashing; the matcher then checks that
  plain letters agree (see `fits`), so only a wildcard stands for both.
- symbols used as letters (@ $ ! |) are read both ways by `views()`; see there.

A term with no letters or digits (an emoji, "$$$") has no words to compare: it is
matched by `symbols`, a reading of the prompt without whitespace or emoji skin tones,
in which it must appear as written (after the same cleaning: invisible characters and
variation selectors are gone, so "🔫️" and "🔫<ZWJ>🔫" hold "🔫"; a gendered emoji,
"🏃<ZWJ>♀", holds its base "🏃").

Scripts written without spaces between words (Chinese, Japanese, Thai) can only be
matched where the term stands alone; whole-word matching needs word boundaries.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from confusable_homoglyphs import categories, confusables

# Combining marks that are accents or decoration on letters: dropped everywhere. Marks of
# other blocks (Devanagari vowel signs, Arabic harakat, kana voicing) are part of their
# words and stay, except straight after a Latin letter, where they can only be decoration.
_ACCENT_BLOCKS = (
    (0x0300, 0x036F),  # combining diacritical marks (accents, strike-through, Zalgo)
    (0x0483, 0x0489),  # Cyrillic combining signs, a favourite of "glitch" text
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),  # combining marks for symbols (enclosing circles, keycaps)
    (0xFE20, 0xFE2F),
)

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt) beyond category Cf:
# characters that render as nothing, so a student can hide them inside a word.
_DEFAULT_IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0xE0000, 0xE0FFF),
)

# Planes that hold marks and format characters (CJK extension planes hold neither).
_SCANNED = (range(0x20000), range(0xE0000, 0xE1000))

# The Latin "stroke" letters NFKD leaves alone (ø, ł, đ, ħ), and small capitals (ʙʟᴏᴏᴅ,
# from "fancy text" generators), are named after their base letter: mapped to it.
_STROKE_NAME = re.compile(
    r"LATIN (?:(?:SMALL|CAPITAL) (?:LETTER|LIGATURE)|LETTER SMALL CAPITAL) ([A-Z]{1,2})"
    r"(?: WITH .*)?"
)
_LATIN_RANGES = (range(0x0080, 0x02B0), range(0x1D00, 0x1F00), range(0x2C60, 0x2C80))
_LATIN_RANGES_EXT = (range(0xA720, 0xA800), range(0xAB30, 0xAB70))

# The wildcard for "i or l", and the fold used for hashing: leetspeak digits to letters,
# and i, l and the wildcard to one letter, on both sides. Folding i and l together only
# decides which terms a word is compared with; `fits` then tells "fail" from "fall".
# Digits map wherever they are: a word made only of digits is told apart later (a
# number is not a word), not here.
WILDCARD = "1"
LEET_FOLD = str.maketrans("01345789l", "oieastbgi")

# Symbols used as letters. They are ordinary punctuation too ("blood!"), so `views()`
# reads the prompt with and without them mapped.
LEET_SYMBOLS = {
    "@": "a",
    "$": "s",
    "!": WILDCARD,
    "|": WILDCARD,
    "¡": "i",
    "+": "t",
    "€": "e",
    "£": "l",
}
_SYMBOL_CLASS = re.escape("".join(LEET_SYMBOLS))
_SYMBOL_TABLE = str.maketrans(LEET_SYMBOLS)
_ANY_SYMBOL = re.compile(f"[{_SYMBOL_CLASS}]")
_SYMBOL_RUN = re.compile(f"[{_SYMBOL_CLASS}]+")
_ENDING_BANGS = re.compile(r"(?<=[^\W_])[!¡]+\s*\Z")
_SYMBOL_BEFORE_LETTER = re.compile(f"[{_SYMBOL_CLASS}]+(?=[^\\W_])")
_SYMBOL_NEXT_TO_LETTER = re.compile(f"(?<=[^\\W_])[{_SYMBOL_CLASS}]+|[{_SYMBOL_CLASS}]+(?=[^\\W_])")

# Runs of one character, squeezed to one for the hash key ("bloooood" and "blood" share
# the key "biod"); run lengths are compared afterwards, by `fits`.
SQUEEZE = re.compile(r"(.)\1+", re.DOTALL)
RUNS = re.compile(r"(.)\1*", re.DOTALL)
# A C-level replacement: a template string ("\\1") costs a Python call per `sub`.
_FIRST_GROUP = itemgetter(1)

CHUNK = re.compile(r"\S+")
WORD_PLAIN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class _Tables:
    # For text that is not ASCII, regexes find what to change: `str.translate` with a
    # dict costs a look-up per character there, several times slower than a scan.
    before_nfkd: re.Pattern[str]
    delete: re.Pattern[str]
    replace: dict[int, str]
    replaceable: re.Pattern[str]
    foreign: dict[int, str]
    foreign_search: re.Pattern[str]
    mark: re.Pattern[str]
    mark_after_latin: re.Pattern[str]
    word: re.Pattern[str]
    joinable: re.Pattern[str]


def _ranges(codepoints: set[int]) -> str:
    """A regex character class body for a set of code points, as ranges."""
    parts: list[str] = []
    ordered = sorted(codepoints)
    start = prev = ordered[0]
    for cp in [*ordered[1:], -1]:
        if cp == prev + 1:
            prev = cp
            continue
        parts.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
        start = prev = cp
    return "".join(parts)


def _one_of(codepoints: set[int]) -> str:
    """A regex matching one of the code points. `re` turns a class within the Basic
    Multilingual Plane into a bitmap, but checks one reaching beyond it range by range,
    for every character scanned (15 times slower here); so the rare characters beyond
    are a separate branch, entered only by a character from up there."""
    basic = {cp for cp in codepoints if cp <= 0xFFFF}
    beyond = codepoints - basic
    if not beyond:
        return f"[{_ranges(basic)}]"
    return f"(?:[{_ranges(basic)}]|[\U00010000-\U0010ffff](?<=[{_ranges(beyond)}]))"


def _lookalikes() -> tuple[dict[str, str], dict[str, str]]:
    """Look-alike → Latin letter, split into (Latin or script-less, other scripts).

    The data lists each character with everything it can be mistaken for; we keep, for
    each ASCII letter, its single-character look-alikes. Keys are taken after NFKD (the
    form they will have in a normalised prompt); those NFKD already turns into ASCII are
    left to NFKD.
    """
    common: dict[str, str] = {}
    foreign: dict[str, str] = {}
    for letter in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        for entry in confusables.confusables_data.get(letter, []):
            # Right-to-left look-alikes come wrapped in left-to-right marks.
            char = unicodedata.normalize("NFKD", entry["c"].strip("\u200e\u200f"))
            if len(char) != 1 or char.isascii():
                continue
            # What looks like l or I may be either: the wildcard.
            target = WILDCARD if letter in "lI" else letter
            if categories.alias(char) in ("LATIN", "COMMON", "INHERITED"):
                common.setdefault(char.casefold(), target.casefold())
            else:
                # Case-sensitive, before casefolding: a capital Cyrillic В looks like B,
                # a small в looks like nothing Latin and keeps its own identity.
                foreign.setdefault(char, target)
    return common, foreign


@cache
def _tables() -> _Tables:
    """Built once per process, on first use, from Python's Unicode database and the
    confusables data installed with the package (no network)."""
    delete: set[int] = set()
    marks: set[int] = set()
    for block in _SCANNED:
        for cp in block:
            category = unicodedata.category(chr(cp))
            if category == "Cf":
                delete.add(cp)
            elif category[0] == "M":
                marks.add(cp)
    for first, last in (*_ACCENT_BLOCKS, *_DEFAULT_IGNORABLE):
        delete.update(range(first, last + 1))
    marks -= delete

    replace: dict[int, str] = {}
    for block in (*_LATIN_RANGES, *_LATIN_RANGES_EXT):
        for cp in block:
            char = chr(cp)
            named = _STROKE_NAME.fullmatch(unicodedata.name(char, ""))
            if named and unicodedata.normalize("NFKD", char) == char:
                replace.setdefault(ord(char.casefold()[0]), named.group(1).lower())
    common, foreign = _lookalikes()
    for char, letter in common.items():
        replace.setdefault(ord(char), letter)

    # Spacing accents (¨ ´ ¸ ˜) decompose to a space plus a mark: deleted before NFKD so
    # the prompt keeps its words where the student put them.
    before_nfkd = {
        cp
        for cp in range(0x20000)
        if not chr(cp).isspace()
        and any(c.isspace() for c in unicodedata.normalize("NFKD", chr(cp)))
    }

    mark = _one_of(marks)
    return _Tables(
        before_nfkd=re.compile(_one_of(before_nfkd)),
        delete=re.compile(f"{_one_of(delete)}+"),
        replace=replace,
        replaceable=re.compile(_one_of(set(replace))),
        foreign={ord(k): v for k, v in foreign.items()},
        foreign_search=re.compile(_one_of({ord(k) for k in foreign})),
        mark=re.compile(mark),
        mark_after_latin=re.compile(f"(?<=[a-z0-9]){mark}+"),
        # A word is letters and digits of any script plus the marks that belong to them.
        word=re.compile(f"(?:[^\\W_]{mark}*)+"),
        # Punctuation inside a word, to be read as nothing: "b.l.o.o.d", "bl-ood", "s_w".
        # Apostrophes are left out: "he'll" is two words, not "hell".
        joinable=re.compile(f"(?<=[^\\W_])(?:(?!{mark})[^\\w\\s'’ʼ‘`]|_)+(?=[^\\W_])"),
    )


def variants(text: str) -> list[str]:
    """The text as written (normalised), then, if it has look-alikes from another
    script, the same text read as Latin. Words and whitespace stay where they were, so
    positions in any variant map back to the student's own words."""
    if text.isascii():
        # Nothing to decompose, delete or map; casefold is lower for ASCII.
        return [text.replace("I", WILDCARD).lower()]
    tables = _tables()
    # After NFKD, so a fullwidth or bold capital I (Ｉ, 𝐈) is a wildcard too.
    decomposed = unicodedata.normalize("NFKD", tables.before_nfkd.sub("", text))
    decomposed = decomposed.replace("I", WILDCARD)
    native = _clean(decomposed.casefold(), tables)
    if tables.foreign_search.search(decomposed) is None:
        return [native]
    latin = _clean(decomposed.translate(tables.foreign).casefold(), tables)
    return [native] if latin == native else [native, latin]


def _clean(text: str, tables: _Tables) -> str:
    text = tables.delete.sub("", text)
    if tables.replaceable.search(text):
        text = text.translate(tables.replace)
    if not text.isascii():
        text = tables.mark_after_latin.sub("", text)
    return text


def fold(text: str) -> str:
    """Leetspeak digits to letters, i, l and the wildcard to one letter (for keys)."""
    if text.isascii():
        return text.translate(LEET_FOLD)
    return _FOLDABLE.sub(_fold_one, text)


_FOLDABLE = re.compile("[01345789l]")


def _fold_one(match: re.Match[str]) -> str:
    return match.group().translate(LEET_FOLD)


def views(variant: str) -> list[str]:
    """Readings of one variant that differ in how symbols and punctuation count.

    No single reading is right: "blood!" ends a word with "!", "b!ood" uses it as a
    letter; "a$$" ends with letters; "b.l.o.o.d" is one word, "end.Start" two. So the
    matcher checks each reading and blocks if any matches. Readings equal to one
    already listed are dropped, so an ordinary prompt costs one or two passes.

    1. as written, every symbol and punctuation mark separating words;
    2. symbols read as letters where a letter follows them ("$word", "b!ood|");
    3. symbols read as letters everywhere except an exclamation mark that ends a word,
       the likeliest to be punctuation ("a$$! now", "adul+!");
    4. the same, but only the exclamation mark that ends the prompt is punctuation
       ("sexua! content!");
    5. symbols read as letters everywhere ("a$$", "ki!!", "$ w o r d");
    then each of those with punctuation inside words removed ("b.l.o.o.d", "bl-ood").
    A student who mixes both uses of "!" in one phrase mid-prompt can still get past:
    each reading makes one choice for the whole prompt.
    """
    readings = [variant]
    if _ANY_SYMBOL.search(variant):
        readings.append(_before_letters(variant))
        readings.append(_SYMBOL_RUN.sub(_symbols_but_ending_bangs, variant))
        ending = _ENDING_BANGS.search(variant)
        if ending is not None:
            start = ending.start()
            readings.append(_SYMBOL_RUN.sub(_all_symbols, variant[:start]) + variant[start:])
        readings.append(_SYMBOL_RUN.sub(_all_symbols, variant))
    readings = list(dict.fromkeys(readings))
    joinable = joinable_pattern(variant)
    # A reading with nothing to join comes back equal, and is dropped as a duplicate.
    return list(dict.fromkeys([*readings, *(joinable.sub("", r) for r in readings)]))


def _before_letters(text: str) -> str:
    return _SYMBOL_BEFORE_LETTER.sub(lambda m: m.group().translate(_SYMBOL_TABLE), text)


def _all_symbols(match: re.Match[str]) -> str:
    return match.group().translate(_SYMBOL_TABLE)


def _symbols_but_ending_bangs(match: re.Match[str]) -> str:
    # Exclamation marks after a word (letters or symbols read as letters) and before a
    # space or the end are punctuation; any other symbol is a letter.
    run, text = match.group(), match.string
    start, end = match.span()
    letters = run.rstrip("!¡")
    after_word = bool(letters) or (start > 0 and text[start - 1].isalnum())
    if after_word and (end == len(text) or not text[end].isalnum()):
        return letters.translate(_SYMBOL_TABLE) + run[len(letters) :]
    return run.translate(_SYMBOL_TABLE)


def term_symbols(term: str) -> str:
    """Symbols an admin typed as letters ("a$$"); a lone symbol is not a word."""
    return _SYMBOL_NEXT_TO_LETTER.sub(lambda m: m.group().translate(_SYMBOL_TABLE), term)


# Emoji skin tones (the Fitzpatrick modifiers): "🔫🏽" is "🔫" to a symbol term.
_SKIN_TONES = re.compile("[\U0001f3fb-\U0001f3ff]+")
SKIN_TONE_CHARS = tuple(map(chr, range(0x1F3FB, 0x1F400)))


def symbols(variant: str) -> str:
    """A variant read for terms made of symbols: no whitespace ("$ $ $" is "$$$") and no
    skin tones. Only symbol terms are looked for in it, so its letters do not matter."""
    joined = "".join(variant.split())
    # Five substring searches cost next to nothing (none at all in text without
    # characters beyond the Basic Multilingual Plane); the regex, whose class reaches
    # beyond it, would check every character range by range (see `_one_of`).
    if joined.isascii() or not any(tone in joined for tone in SKIN_TONE_CHARS):
        return joined
    return _SKIN_TONES.sub("", joined)


def is_symbol_term(form: str) -> bool:
    """Whether a term's `symbols` form, which has no letters or digits, is one to match.

    It needs one symbol (an emoji, $, +, ©): punctuation alone ("!", "...") is how
    sentences are written, and is ignored like a blank term."""
    return any(unicodedata.category(c)[0] == "S" for c in form)


def word_pattern(text: str) -> re.Pattern[str]:
    """Letters and digits of any script; with their combining marks where there are any
    (Devanagari vowel signs, kana voicing), which the simple pattern would split on."""
    if text.isascii() or not _tables().mark.search(text):
        return WORD_PLAIN
    return _tables().word


def joinable_pattern(text: str) -> re.Pattern[str]:
    return _JOINABLE_ASCII if text.isascii() else _tables().joinable


# Punctuation (underscores too) between two letters or digits, except apostrophes.
# Readings are casefolded, so no capitals.
_JOINABLE_ASCII = re.compile(r"(?<=[a-z0-9])[^a-z0-9\s'`]+(?=[a-z0-9])")


def words(text: str) -> list[str]:
    """The words of a reading: letters and digits of any script (with their marks).
    For ASCII, translating separators to spaces and splitting is several times faster
    than a regex and gives the same words as `word_pattern`."""
    if text.isascii():
        return text.translate(_ASCII_SEPARATORS).split()
    return word_pattern(text).findall(text)


_ASCII_SEPARATORS = {
    cp: " " for cp in range(128) if not chr(cp).isalnum() and not chr(cp).isspace()
}


def skeleton(folded: str) -> str:
    return SQUEEZE.sub(_FIRST_GROUP, folded)


def fits(written: str, form: str) -> bool:
    """Whether letters of a prompt (after normalisation, before folding) really spell a
    term's form whose folded key they share.

    Run by run of the folded letters: a run must be as long as the term's, or be a
    stretch of three or more ("bloooood" is blood; "assess" is not "asses", "rapper" is
    not "raper", "as" is not "ass"); and where the term has only l, or only i, the prompt
    must not have the other plain letter: only the wildcard stands for both ("b1ood",
    "bIood" and "k!ll" fit; "fail" does not fit "fall", nor "crackled" "crackied").
    """
    have = [m.span() for m in RUNS.finditer(fold(written))]
    need = [m.span() for m in RUNS.finditer(fold(form))]
    if len(have) != len(need):
        return False
    for (start, end), (form_start, form_end) in zip(have, need, strict=True):
        length, form_length = end - start, form_end - form_start
        if length != form_length and length < max(form_length, 3):
            return False
        if not _same_i_and_l(written[start:end], form[form_start:form_end]):
            return False
    return True


def _same_i_and_l(written: str, form: str) -> bool:
    # Only plain i and l can disagree; a wildcard, on either side, agrees with both.
    if len(written) == len(form):
        return not any(
            w != f and w in "il" and f in "il" for w, f in zip(written, form, strict=True)
        )
    # A stretched run ("kiiiil"): every plain i or l in it must be one the term has.
    return set(written) & {"i", "l"} <= set(form)


# What shows nothing on a page by itself, beyond the default-ignorables above: format
# characters, controls, every kind of space, and the blank Braille pattern (a symbol by
# category that draws nothing).
_BLANK_CATEGORIES = frozenset({"Cf", "Cc", "Zs", "Zl", "Zp"})
_BLANK_BRAILLE = 0x2800


def is_blank(text: str) -> bool:
    """True if nothing in the text would show on a page (only spaces or invisibles)."""
    return all(_shows_nothing(character) for character in text)


def _shows_nothing(character: str) -> bool:
    code = ord(character)
    return (
        character.isspace()
        or unicodedata.category(character) in _BLANK_CATEGORIES
        or code == _BLANK_BRAILLE
        or any(first <= code <= last for first, last in _DEFAULT_IGNORABLE)
    )
