"""Which default lists are on, for the school and for one class, and the audited switch.

No row: the category's shipped default. A school row switches a category on or off for
every class; a class row can only switch on a category the school has off (a teacher
adds care, never removes the school's).
"""

from django.db import transaction
from django.db.models import Q, QuerySet

from classrooms.models import Classroom, User
from generation.models import SafetyAuditEntry, SafetyCategorySwitch
from generation.safety.audit import CATEGORY_SUBJECT, audit_record
from generation.safety.categories import BY_SLUG, INFO


def school_categories_on() -> frozenset[str]:
    """The categories on for the whole school (one query)."""
    return _resolve(SafetyCategorySwitch.objects.filter(classroom__isnull=True), None)


def categories_on(classroom: Classroom | None = None) -> frozenset[str]:
    """The categories a prompt of this class goes through: the school's, plus the class's
    extras (one query)."""
    rows = SafetyCategorySwitch.objects.filter(Q(classroom__isnull=True) | Q(classroom=classroom))
    return _resolve(rows, classroom)


def _resolve(rows: QuerySet[SafetyCategorySwitch], classroom: Classroom | None) -> frozenset[str]:
    school = {info.slug: info.on_by_default for info in INFO}
    extra: set[str] = set()
    for slug, classroom_id, is_on in rows.values_list("category", "classroom_id", "is_on"):
        if slug not in school:
            continue  # a category a later release no longer ships
        if classroom_id is None:
            school[slug] = is_on
        elif is_on:
            extra.add(slug)
    return frozenset(slug for slug, on in school.items() if on) | frozenset(extra)


def class_extra_categories(classroom: Classroom) -> frozenset[str]:
    """The categories this class's teachers switched on on top of the school's."""
    return frozenset(
        SafetyCategorySwitch.objects.filter(classroom=classroom, is_on=True).values_list(
            "category", flat=True
        )
    )


@transaction.atomic
def category_switch(
    *, actor: User | None, category: str, on: bool, classroom: Classroom | None = None
) -> bool:
    """Switch one category on or off for the school (no class) or, on top of the school's
    choice, for one class; audited. Say whether anything changed."""
    if category not in BY_SLUG:
        raise ValueError(f"unknown category: {category}")
    if classroom is None:
        before = category in school_categories_on()
        if before == on:
            return False
        SafetyCategorySwitch.objects.update_or_create(
            category=category, classroom=None, defaults={"is_on": on}
        )
    else:
        before = category in class_extra_categories(classroom)
        if before == on:
            return False
        if on:
            SafetyCategorySwitch.objects.update_or_create(
                category=category, classroom=classroom, defaults={"is_on": True}
            )
        else:
            SafetyCategorySwitch.objects.filter(category=category, classroom=classroom).delete()
    audit_record(
        actor=actor,
        action=SafetyAuditEntry.Action.CHANGED,
        subject=CATEGORY_SUBJECT,
        classroom=classroom,
        detail=f"{'switched on' if on else 'switched off'}: {category}",
    )
    return True
