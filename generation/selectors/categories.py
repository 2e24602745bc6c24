"""The default lists as the class safety page and the admin's page show them."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from classrooms.models import Classroom
from generation.models import SafetyCategorySwitch
from generation.safety.categories import Category, categories

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise


@dataclass(frozen=True)
class CategoryRow:
    slug: str
    label: "_StrOrPromise"
    why: "_StrOrPromise"
    on_by_default: bool
    school_on: bool  # on for every class
    class_on: bool  # switched on for this class on top of the school's choice
    category: Category

    @property
    def on(self) -> bool:
        return self.school_on or self.class_on


def category_rows(classroom: Classroom | None = None) -> list[CategoryRow]:
    """Every shipped category, in page order, with whether it is on (one query)."""
    school: dict[str, bool] = {}
    extra: set[str] = set()
    rows = SafetyCategorySwitch.objects.filter(classroom__isnull=True)
    if classroom is not None:
        rows = rows | SafetyCategorySwitch.objects.filter(classroom=classroom)
    for slug, classroom_id, is_on in rows.values_list("category", "classroom_id", "is_on"):
        if classroom_id is None:
            school[slug] = is_on
        elif is_on:
            extra.add(slug)
    return [
        CategoryRow(
            slug=c.slug,
            label=c.info.label,
            why=c.info.why,
            on_by_default=c.info.on_by_default,
            school_on=school.get(c.slug, c.info.on_by_default),
            class_on=c.slug in extra,
            category=c,
        )
        for c in categories()
    ]
