"""Bulk import and export of the disallow lists: one term per line, or CSV.

Import only ever adds (or switches a switched-off term back on); removing and switching
off stay one-at-a-time in the admin, so a stale file can never quietly shorten a list.
"""

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms.models import Classroom, User
from generation.models import DisallowedTerm, SafetyAuditEntry
from generation.safety.audit import TERM_SUBJECT, audit_record
from generation.safety.lists import class_terms
from generation.safety.matching import blocks_something

MAX_TERM_LENGTH: int = DisallowedTerm._meta.get_field("term").max_length or 100
MAX_LANGUAGE_LENGTH: int = DisallowedTerm._meta.get_field("language").max_length or 8
CSV_HEADER = ("term", "language", "active")
# How many added terms the one audit entry names before it says "and N more".
AUDIT_TERMS_SHOWN = 100

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
class ImportResult:
    added: int
    already_there: int
    skipped_invalid: int
    added_terms: tuple[str, ...] = ()
    skipped_lines: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Row:
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


@transaction.atomic
def terms_import(
    *, actor: User | None, text: str, classroom: Classroom | None = None, language: str = "en"
) -> ImportResult:
    """Add every new term in `text` to one list; say what was added, there or skipped.

    A term repeated in the file counts as already there after its first line. All or
    nothing: a text that is not a list of terms raises ValidationError (see
    `terms_text_check`) before anything is written, and if a term appears in the list
    while this runs, its unique constraint stops the whole import rather than half of it.
    """
    terms_text_check(text)
    rows, skipped, repeats = _parse(text, default_language=language)
    existing = {
        t.term: t
        for t in DisallowedTerm.objects.filter(
            classroom=classroom, term__in=[row.term for row in rows]
        )
    }
    new: list[DisallowedTerm] = []
    switched_on: list[DisallowedTerm] = []
    already_there = repeats
    for row in rows:
        found = existing.get(row.term)
        if found is None:
            new.append(
                DisallowedTerm(
                    term=row.term,
                    language=row.language,
                    classroom=classroom,
                    is_active=row.active,
                    created_by=actor if actor is not None and actor.pk else None,
                )
            )
        elif not found.is_active and row.active:
            switched_on.append(found)
        else:
            already_there += 1
    DisallowedTerm.objects.bulk_create(new)
    if switched_on:
        DisallowedTerm.objects.filter(pk__in=[t.pk for t in switched_on]).update(
            is_active=True, updated_at=timezone.now()
        )
    added_terms = tuple(
        [t.term if t.is_active else f"{t.term} (off)" for t in new]
        + [f"{t.term} (switched on)" for t in switched_on]
    )
    result = ImportResult(
        added=len(added_terms),
        already_there=already_there,
        skipped_invalid=len(skipped),
        added_terms=added_terms,
        skipped_lines=tuple(skipped),
    )
    if result.added:
        audit_record(
            actor=actor,
            action=SafetyAuditEntry.Action.IMPORTED,
            subject=TERM_SUBJECT,
            classroom=classroom,
            detail=_audit_detail(result, classroom),
        )
    return result


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


def _audit_detail(result: ImportResult, classroom: Classroom | None) -> str:
    shown = ", ".join(result.added_terms[:AUDIT_TERMS_SHOWN])
    more = len(result.added_terms) - AUDIT_TERMS_SHOWN
    if more > 0:
        shown += f" … and {more} more"
    return (
        f"Imported into {list_name(classroom)}: {result.added} added, "
        f"{result.already_there} already there, {result.skipped_invalid} skipped.\n"
        f"Added: {shown}"
    )


def _parse(text: str, *, default_language: str) -> tuple[list[_Row], list[int], int]:
    """The distinct valid terms in order, the invalid lines' numbers, and how many repeats."""
    lines = list(_content_lines(text))
    if lines and _is_csv_header(lines[0][1]):
        parsed = _csv_rows(lines, default_language=default_language)
    else:
        parsed = [(number, line, default_language, True) for number, line in lines]
    rows: list[_Row] = []
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
            rows.append(_Row(term=term, language=language, active=active))
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


@transaction.atomic
def terms_remove(*, actor: User | None, terms: QuerySet[DisallowedTerm]) -> int:
    """Delete several terms at once, with one audit entry per list they came from."""
    by_list: dict[Classroom | None, list[str]] = {}
    for term in terms.select_related("classroom").order_by("term"):
        by_list.setdefault(term.classroom, []).append(term.term)
    for classroom, removed in by_list.items():
        audit_record(
            actor=actor,
            action=SafetyAuditEntry.Action.REMOVED,
            subject=TERM_SUBJECT,
            classroom=classroom,
            detail=f"{len(removed)} from {list_name(classroom)}: {', '.join(removed)}",
        )
    deleted, _by_model = terms.delete()
    return deleted
