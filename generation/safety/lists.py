"""The disallow lists: the school's and each class's, compiled once per version."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max

from classrooms.models import Classroom, User
from generation.models import DisallowedTerm, Generation, SafetyAuditEntry
from generation.safety.audit import TERM_SUBJECT, audit_record
from generation.safety.matching import TermMatcher, compile_terms


@dataclass(frozen=True)
class SafetyVerdict:
    allowed: bool
    layer: str = ""
    rule: str = ""


ALLOWED = SafetyVerdict(allowed=True)

# Compiled matchers keyed by list and version. The version is read from the database on
# every check (one small aggregate), so an edit reaches every web process at once.
_compiled: dict[tuple[object, ...], TermMatcher] = {}


def check_prompt(prompt: str, *, classroom: Classroom | None = None) -> SafetyVerdict:
    """The school-wide list first, then the class's own additions."""
    for layer, scope in _scopes(classroom):
        match = _matcher(scope).find(prompt)
        if match is not None:
            return SafetyVerdict(allowed=False, layer=layer, rule=match.term)
    return ALLOWED


def _scopes(classroom: Classroom | None) -> list[tuple[str, Classroom | None]]:
    scopes: list[tuple[str, Classroom | None]] = [(Generation.SafetyLayer.SCHOOL_LIST, None)]
    if classroom is not None:
        scopes.append((Generation.SafetyLayer.CLASS_LIST, classroom))
    return scopes


def _matcher(scope: Classroom | None) -> TermMatcher:
    terms = DisallowedTerm.objects.filter(classroom=scope)  # no class: the school's list
    version = terms.aggregate(count=Count("id"), changed=Max("updated_at"))
    key = (scope.pk if scope else None, version["count"], version["changed"])
    matcher = _compiled.get(key)
    if matcher is None:
        matcher = compile_terms(terms.filter(is_active=True).values_list("term", flat=True))
        # Keep only the newest version of each list.
        for old in [k for k in _compiled if k[0] == key[0]]:
            del _compiled[old]
        _compiled[key] = matcher
    return matcher


def class_terms(classroom: Classroom | None) -> list[DisallowedTerm]:
    """Every term of one list, switched-off ones too; no class: the school-wide list."""
    return list(DisallowedTerm.objects.filter(classroom=classroom).order_by("term"))


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
