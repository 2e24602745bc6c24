"""Which forms of a disallowed term a prompt may use: singulars and regular inflections.

English and Spanish, regular forms only: "swords" → "sword", "blood" → "bloody",
"gore" → "gory", "kill" → "killer", "adulto" → "adulta". Irregular relatives (violent,
nude, sangriento) are for admins to add as terms of their own.
"""

from collections.abc import Iterator

_VOWELS = frozenset("aeiou")
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")


def singulars(word: str) -> list[str]:
    """Singulars of a word that looks plural, so the term "swords" also blocks "sword".

    English and Spanish, by rule rather than dictionary; a wrong guess only produces a
    non-word ("chiste" + "s" → fine, "penis" → "peni"). Words of three letters or fewer
    and those in -ss/-us are left alone (gas, bus, kiss).
    """
    if not (word.isascii() and word.isalpha()) or len(word) < 4:
        return []
    found = []
    if word.endswith("ies") and len(word) > 4:
        found.append(word[:-3] + "y")  # bodies → body
    if word.endswith("ces") and len(word) > 4:
        found.append(word[:-3] + "z")  # desnudeces → desnudez
    if word.endswith("es") and word[:-2].endswith(_SIBILANT_ENDINGS):
        found.append(word[:-2])  # boxes → box
    if word.endswith("s") and not word.endswith(("ss", "us")):
        found.append(word[:-1])  # swords → sword, espadas → espada
    return found


def inflections(word: str) -> set[str]:
    """Regular English and Spanish forms of a word: plural, verb endings, -er, -y, -ly,
    and Spanish gender. Derived forms (-er, -y, -ly) only from words of four letters or
    more: from three they make too many innocent words (war → wary, gun → gunny)."""
    forms = {word + "s"}
    if word.endswith((*_SIBILANT_ENDINGS, "o")):
        forms.add(word + "es")
    if word.endswith("z"):
        forms.add(word[:-1] + "ces")
    consonant_y = word.endswith("y") and len(word) > 2 and word[-2] not in _VOWELS
    if consonant_y:
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif word.endswith("ie"):
        forms |= {word + "d", word[:-2] + "ying"}  # die → died, dying
    elif word.endswith("e"):
        forms.add(word + "d")
        if len(word) >= 4:
            forms.add(word[:-1] + "ing")  # gore → goring (not die → "ding")
    else:
        forms |= {word + "ed", word + "ing"}
    # A final consonant after a single vowel doubles: gun → gunned, stab → stabbing.
    doubled = (
        len(word) >= 3
        and word[-1] not in _VOWELS
        and word[-1] not in "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )
    if doubled:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}

    if len(word) >= 4:
        if consonant_y:
            adjective = word
        elif word.endswith("e"):
            forms |= {word + "r", word + "rs"}
            adjective = word[:-1] + "y"  # gore → gory
        else:
            forms |= {word + "er", word + "ers"}  # kill → killer
            adjective = word + "y"  # blood → bloody
            if doubled:
                forms |= {word + word[-1] + "er", word + word[-1] + "ers"}
                adjective = word + word[-1] + "y"  # stab → stabby
        stem = adjective[:-1]
        forms |= {adjective, stem + "ier", stem + "iest", stem + "ied", stem + "ies", stem + "ily"}
        forms.add(word + "ly")
        if word[-1] in "oa":  # adulto ↔ adulta
            other = word[:-1] + ("a" if word[-1] == "o" else "o")
            forms |= {other, other + "s"}
    forms.discard(word)
    return forms


def word_forms(word: str) -> list[tuple[int, str]]:
    """(rank, form) for a term's last (or only) word. Inflection is English and Spanish:
    a word in another script, or with digits, is matched as written."""
    if not (word.isascii() and word.isalpha()):
        return [(0, word)]
    forms = [(0, word)]
    forms += [(1, singular) for singular in singulars(word)]
    forms += [(2, form) for form in sorted(inflections(word))]
    return forms


def term_forms(words: list[str]) -> Iterator[tuple[int, str]]:
    """(rank, joined form) for a whole term. Only the last word of a phrase is inflected
    ("adult contents"); the others may also be singular ("tema para adultos")."""
    *head, last = words
    heads = [(0, "")]
    for word in head:
        options = [(0, word)] + [(1, singular) for singular in singulars(word)]
        heads = [(max(r1, r2), h + w) for r1, h in heads for r2, w in options]
    for head_rank, head_text in heads:
        for rank, form in word_forms(last):
            yield max(head_rank, rank), head_text + form
