"""What the i18n tests read: the committed Spanish catalogue, and the visible text of a
rendered page."""

import re
from html.parser import HTMLParser
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale"
SPANISH_PO = LOCALE / "es" / "LC_MESSAGES" / "django.po"
SPANISH_MO = LOCALE / "es" / "LC_MESSAGES" / "django.mo"
# `%(name)s`, `%%(name)s` (template text), `{name}`, `%d`: the parts a translation keeps.
PLACEHOLDER = re.compile(r"%%?\([a-z_]+\)[sd]|\{[a-z_]*\}|%[sd]")


def spanish_catalogue() -> polib.POFile:
    return polib.pofile(str(SPANISH_PO))


def english_sentences() -> list[str]:
    """Each fixed stretch of three words or more of our English msgids, placeholders cut
    out: what must never be seen on a page in Spanish."""
    sentences: set[str] = set()
    for entry in spanish_catalogue():
        if entry.obsolete:
            continue
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            for part in PLACEHOLDER.split(msgid.replace("%%", "%")):
                part = " ".join(part.split()).strip(" :.,;“”\"'()…")
                if len(re.findall(r"[A-Za-z]{2,}", part)) >= 3:
                    sentences.add(part)
    return sorted(sentences)


class _VisibleText(HTMLParser):
    """Text a person sees or hears: text nodes (not scripts or styles) and the attributes
    read out or shown (alt, title, placeholder, aria-label, button values). Text inside an
    element marked lang="en" is English on purpose (the English words of a default list,
    shown to a teacher), so it is left out."""

    SPOKEN = ("alt", "title", "placeholder", "aria-label", "aria-description")
    HIDDEN = {"script", "style", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0
        self._english: list[str] = []  # open elements marked lang="en", innermost last

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        values = dict(attrs)
        if (values.get("lang") == "en" and tag != "html") or self._english:
            self._english.append(tag)
        for name in self.SPOKEN:
            if values.get(name):
                self.texts.append(str(values[name]))
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.texts.append(str(values["value"]))
        for name, value in attrs:
            # Text the page's scripts show, kept in data- attributes (no inline scripts).
            if (name.startswith("data-msg") or name.endswith("-text")) and value:
                self.texts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        if self._english and tag in self._english:
            while self._english.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._hidden and not self._english and data.strip():
            self.texts.append(data)


def visible_texts(html: str) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    return [" ".join(text.split()) for text in parser.texts]
