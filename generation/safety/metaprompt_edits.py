"""An admin's edit of a metaprompt: new words are a new version, and every edit is audited.

Versions are kept as they were used (each picture names the version that framed it), so
changing a version's words saves a new version and leaves the old one as it was;
switching a version on or off changes only that version.
"""

from collections.abc import Collection

from django.db import transaction

from classrooms.models import User
from generation.models import Metaprompt, SafetyAuditEntry
from generation.safety.audit import METAPROMPT_SUBJECT, audit_record


def _on_off(active: bool) -> str:
    return "on" if active else "off"


@transaction.atomic
def metaprompt_save(
    *, metaprompt: Metaprompt, actor: User | None, changed: Collection[str]
) -> bool:
    """Save an admin's metaprompt form; True if it was saved as a new version of a text
    that already existed (the caller may tell the admin the earlier one is kept)."""
    editing = metaprompt.pk is not None
    if editing and "text" not in changed:
        metaprompt.save()
        if "is_active" in changed:
            audit_record(
                actor=actor,
                action=SafetyAuditEntry.Action.CHANGED,
                subject=METAPROMPT_SUBJECT,
                detail=f"version {metaprompt.version}: active: "
                f"{_on_off(not metaprompt.is_active)} → {_on_off(metaprompt.is_active)}",
            )
        return False
    if editing:
        metaprompt.pk = None
        metaprompt.version = 0  # the model numbers it on save
    metaprompt.created_by = actor
    metaprompt.save()
    audit_record(
        actor=actor,
        action=SafetyAuditEntry.Action.ADDED,
        subject=METAPROMPT_SUBJECT,
        detail=f"version {metaprompt.version} "
        f"({'active' if metaprompt.is_active else 'switched off'}):\n{metaprompt.text}",
    )
    return editing
