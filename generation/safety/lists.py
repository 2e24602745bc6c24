"""The disallow lists: the school's and each class's, compiled once per version."""

from dataclasses import dataclass

from django.db.models import Count, Max

from classrooms.models import Classroom
from generation.models import DisallowedTerm, Generation
from generation.safety.locate import Span
from generation.safety.matching import TermMatcher, compile_terms, stopped_spans


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


def list_matchers(classroom: Classroom | None = None) -> list[TermMatcher]:
    """The compiled lists a prompt of this class goes through: the school's, the class's."""
    return [_matcher(scope) for _layer, scope in _scopes(classroom)]


def prompt_stopped_spans(prompt: str, *, classroom: Classroom | None = None) -> list[Span]:
    """Where the school's and the class's lists stop this prompt, as offsets in the
    prompt as written (the student's own words, never the list's terms)."""
    return stopped_spans(prompt, list_matchers(classroom))


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
