"""Disallow lists as files: one term per line, or CSV. Reading (parse, refuse what is
not a list) and exporting; the import itself, like every list write, is terms.py."""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from classrooms.models import Classroom
from generation.models import DisallowedTerm
from generation.safety.lists import class_terms
from generation.safety.matching import blocks_something

MAX_TERM_LENGTH: int = DisallowedTerm._meta.get_field("term").max_length or 100
MAX_LANGUAGE_LENGTH: int = DisallowedTerm._meta.get_field("language").max_length or 8
CSV_HEADER = ("term", "language", "active")

_TRUE = {"", "1", "true", "yes", "y", "on", "active"}
_FALSE = {"0", "false", "no", "n", "off", "inactive"}
# A spreadsheet treats a cell starting with one of these as a formula; exported terms are
# written by teachers too, so such a term leaves with a leading apostrophe and the import
# takes it off again.
_FORMULA_STARTS = ("=", "+", "-", "@")


# Beyond these a text is not a list of terms (a wrong file, a database dump): it is
# refused as a whole, with the line that gave it away, rather than half imported. A CSV
# row holding a 100-character term, quoted, with its language and state, is far shorter
# than a line the import refuses; lines in between are skipped and named, as ever.
MAX_IMPORT_LINES = 20_000
MAX_LINE_CHARS = 1_000
TOO_MANY_LINES = _(
    "The list has %(count)s lines; at most %(max)s can be imported at once. Split it into "
    "smaller files. Nothing was imported."
)
LINE_TOO_LONG = _(
    "Line %(line)s is %(length)s characters long, and a term has at most %(max)s. Is this "
    "the right file? Nothing was imported."
)
CONTROL_CHARACTER = _(
    "Line %(line)s holds a control character (such as a NUL byte), so this is not plain "
    "text. Save it as UTF-8 text and try again. Nothing was imported."
)
# Control characters but tab, line feed and carriage return: a NUL comes from a binary
# file or UTF-16 read as UTF-8, and PostgreSQL refuses to store it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Row:
    term: str
    language: str
    active: bool


def list_name(classroom: Classroom | None) -> str:
    return "the school-wide list" if classroom is None else f"the list of {classroom.name}"


def terms_export_text(*, classroom: Classroom | None = None) -> str:
    """The active terms of one list, one per line, sorted."""
    return "".join(f"{t.term}\n" for t in class_terms(classroom) if t.is_active)


def terms_export_csv(*, classroom: Classroom | None = None) -> str:
    """Every term of one list (switched-off ones too, marked), with its language."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for term in class_terms(classroom):
        cell = "'" + term.term if term.term.startswith(_FORMULA_STARTS) else term.term
        writer.writerow([cell, term.language, "true" if term.is_active else "false"])
    return out.getvalue()


def terms_text_check(text: str) -> None:
    """Refuse, as a whole, a text that cannot be a list of terms: a control character,
    a line far longer than any term, or more lines than one import takes."""
    control = _CONTROL.search(text)
    if control is not None:
        raise ValidationError(
            CONTROL_CHARACTER,
            code="control_character",
            params={"line": text.count("\n", 0, control.start()) + 1},
        )
    lines = text.removeprefix("\ufeff").splitlines()
    if len(lines) > MAX_IMPORT_LINES:
        raise ValidationError(
            TOO_MANY_LINES,
            code="too_many_lines",
            params={"count": f"{len(lines):,}", "max": f"{MAX_IMPORT_LINES:,}"},
        )
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            raise ValidationError(
                LINE_TOO_LONG,
                code="line_too_long",
                params={"line": number, "length": f"{len(line):,}", "max": MAX_TERM_LENGTH},
            )


def parse_terms(text: str, *, default_language: str) -> tuple[list[Row], list[int], int]:
    """The distinct valid terms in order, the invalid lines' numbers, and how many repeats."""
    lines = list(_content_lines(text))
    if lines and _is_csv_header(lines[0][1]):
        parsed = _csv_rows(lines, default_language=default_language)
    else:
        parsed = [(number, line, default_language, True) for number, line in lines]
    rows: list[Row] = []
    skipped: list[int] = []
    seen: set[str] = set()
    repeats = 0
    for number, raw_term, language, active in parsed:
        term = DisallowedTerm.normalised(raw_term)
        if not term or len(term) > MAX_TERM_LENGTH or active is None:
            skipped.append(number)
        elif not blocks_something(term):
            skipped.append(number)  # punctuation alone: it would block nothing
        elif term in seen:
            repeats += 1
        else:
            seen.add(term)
            rows.append(Row(term=term, language=language, active=active))
    return rows, skipped, repeats


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped line) for every line that is not blank or a comment."""
    # splitlines() takes \n, \r\n and \r alike; the BOM comes from Windows editors.
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield number, stripped


def _is_csv_header(line: str) -> bool:
    cells = [cell.strip().lower() for cell in next(csv.reader([line]))]
    return "term" in cells and set(cells) <= set(CSV_HEADER)


def _csv_rows(
    lines: list[tuple[int, str]], *, default_language: str
) -> list[tuple[int, str, str, bool | None]]:
    header = [cell.strip().lower() for cell in next(csv.reader([lines[0][1]]))]
    column = {name: header.index(name) for name in CSV_HEADER if name in header}
    rows: list[tuple[int, str, str, bool | None]] = []
    for number, line in lines[1:]:
        cells = next(csv.reader([line]))
        term = _cell(cells, column.get("term"))
        if term.startswith("'") and term[1:].startswith(_FORMULA_STARTS):
            term = term[1:]
        language = _cell(cells, column.get("language")).lower() or default_language
        active_text = _cell(cells, column.get("active")).lower()
        active = True if active_text in _TRUE else False if active_text in _FALSE else None
        if len(language) > MAX_LANGUAGE_LENGTH:
            term = ""  # an empty term is counted as skipped
        rows.append((number, term, language, active))
    return rows


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""
