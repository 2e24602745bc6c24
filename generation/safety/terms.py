"""Every write to a disallow list, each one audited: add and remove one term, import a
list, remove several. Reading the lists (and matching prompts) is lists.py; reading and
writing list files is bulk.py.

Import only ever adds (or switches a switched-off term back on); removing and switching
off stay one at a time, or an admin's explicit selection, so a stale file can never
quietly shorten a list.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from classrooms.models import Classroom, User
from generation.models import DisallowedTerm, SafetyAuditEntry
from generation.safety.audit import TERM_SUBJECT, audit_record
from generation.safety.bulk import list_name, parse_terms, terms_text_check

# How many added terms the one audit entry names before it says "and N more".
AUDIT_TERMS_SHOWN = 100


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_there: int
    skipped_invalid: int
    added_terms: tuple[str, ...] = ()
    skipped_lines: tuple[int, ...] = ()


@transaction.atomic
def disallowed_term_add(
    *, actor: User | None, term: str, classroom: Classroom | None = None, language: str = "en"
) -> tuple[DisallowedTerm, bool]:
    """Add a term to the school's list (no class) or a class's list; say if it was new."""
    normalised = DisallowedTerm.normalised(term)
    existing = DisallowedTerm.objects.filter(term=normalised, classroom=classroom).first()
    if existing is not None:
        if not existing.is_active:
            existing.is_active = True
            existing.save(update_fields=["is_active", "updated_at"])
            audit_record(
                actor=actor,
                action=SafetyAuditEntry.Action.CHANGED,
                subject=TERM_SUBJECT,
                classroom=classroom,
                detail=f"switched on: {normalised}",
            )
            return existing, True
        return existing, False
    created = DisallowedTerm.objects.create(
        term=normalised, classroom=classroom, language=language, created_by=actor
    )
    audit_record(
        actor=actor,
        action=SafetyAuditEntry.Action.ADDED,
        subject=TERM_SUBJECT,
        classroom=classroom,
        detail=normalised,
    )
    return created, True


@transaction.atomic
def disallowed_term_remove(*, actor: User | None, term: DisallowedTerm) -> None:
    audit_record(
        actor=actor,
        action=SafetyAuditEntry.Action.REMOVED,
        subject=TERM_SUBJECT,
        classroom=term.classroom,
        detail=term.term,
    )
    term.delete()


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
    rows, skipped, repeats = parse_terms(text, default_language=language)
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
