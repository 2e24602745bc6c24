"""The disallow lists: the school's, the default lists by category that are on, and each
class's, compiled once per version."""

from dataclasses import dataclass

from django.db.models import Count, Max

from classrooms.models import Classroom
from generation.models import DisallowedTerm, Generation
from generation.safety.categories import categories
from generation.safety.category_switches import categories_on
from generation.safety.locate import Span
from generation.safety.matching import Prepared, TermMatcher, compile_terms, stopped_spans


@dataclass(frozen=True)
class SafetyVerdict:
    allowed: bool
    layer: str = ""
    rule: str = ""
    category: str = ""  # the default list that matched (its slug), if one did


ALLOWED = SafetyVerdict(allowed=True)


@dataclass(frozen=True)
class _Compiled:
    matcher: TermMatcher
    category_of: dict[str, str]  # term → the category it came from (school terms absent)


# Compiled matchers keyed by list, version and (for the school's) the categories on. The
# version and the switches are read from the database on every check (two small
# queries), so an edit or a switch reaches every web process and worker at once.
_compiled: dict[tuple[object, ...], _Compiled] = {}


def check_prompt(prompt: str, *, classroom: Classroom | None = None) -> SafetyVerdict:
    """The school-wide list and the default lists that are on first, then the class's own
    additions. The one entry point: the submission and the worker both call it."""
    prepared = Prepared(prompt)  # read once for every list
    for layer, compiled in _layers(classroom):
        match = compiled.matcher.find(prepared)
        if match is not None:
            category = compiled.category_of.get(match.term, "")
            if category:
                rule = f"{category}: {match.term}"
                return SafetyVerdict(False, Generation.SafetyLayer.CATEGORY, rule, category)
            return SafetyVerdict(allowed=False, layer=layer, rule=match.term)
    return ALLOWED


def list_matchers(classroom: Classroom | None = None) -> list[TermMatcher]:
    """The compiled lists a prompt of this class goes through: the school's with the
    default lists that are on, then the class's."""
    return [compiled.matcher for _layer, compiled in _layers(classroom)]


def prompt_stopped_spans(prompt: str, *, classroom: Classroom | None = None) -> list[Span]:
    """Where the lists stop this prompt, as offsets in the prompt as written (the
    student's own words, never the list's terms)."""
    return stopped_spans(prompt, list_matchers(classroom))


def _layers(classroom: Classroom | None) -> list[tuple[str, _Compiled]]:
    layers: list[tuple[str, _Compiled]] = [
        (Generation.SafetyLayer.SCHOOL_LIST, _matcher(None, categories_on(classroom)))
    ]
    if classroom is not None:
        layers.append((Generation.SafetyLayer.CLASS_LIST, _matcher(classroom, frozenset())))
    return layers


def _matcher(scope: Classroom | None, on: frozenset[str]) -> _Compiled:
    terms = DisallowedTerm.objects.filter(classroom=scope)  # no class: the school's list
    version = terms.aggregate(count=Count("id"), changed=Max("updated_at"))
    key = (scope.pk if scope else None, version["count"], version["changed"], on)
    compiled = _compiled.get(key)
    if compiled is None:
        own = list(terms.filter(is_active=True).values_list("term", flat=True))
        # A word the school's list holds is named as the school's (the lesson's words
        # were copied there by the first migration, and tests and the log say so).
        mine = set(own)
        category_of: dict[str, str] = {}
        for category in categories():
            if category.slug in on:
                for term in category.all_terms():
                    if term not in mine:
                        category_of.setdefault(term, category.slug)
        compiled = _Compiled(compile_terms([*own, *category_of]), category_of)
        # Keep only the newest version of each list (with any set of categories on).
        for old in [k for k in _compiled if k[0] == key[0] and k[1:3] != key[1:3]]:
            del _compiled[old]
        _compiled[key] = compiled
    return compiled


def class_terms(classroom: Classroom | None) -> list[DisallowedTerm]:
    """Every term of one list, switched-off ones too; no class: the school-wide list."""
    return list(DisallowedTerm.objects.filter(classroom=classroom).order_by("term"))
