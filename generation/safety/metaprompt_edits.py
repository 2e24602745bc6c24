"""An admin's edit of a metaprompt: new words are a new version, and every edit is audited.

Versions are kept as they were used (each picture names the version that framed it), so
changing a version's words saves a new version and leaves the old one as it was;
switching a version on or off changes only that version. A text that leaves out a
safety part is saved only once the admin has confirmed it.
"""

from collections.abc import Collection

from django.db import transaction

from classrooms.models import User
from generation.models import Metaprompt, SafetyAuditEntry
from generation.safety.audit import METAPROMPT_SUBJECT, audit_record
from generation.safety.metaprompt import SafetyPart, missing_safety_parts


class MetapromptNeedsConfirmation(Exception):
    """The text leaves out safety parts and the admin has not confirmed it."""

    def __init__(self, missing: tuple[SafetyPart, ...]) -> None:
        super().__init__(", ".join(part.value for part in missing))
        self.missing = missing


def _on_off(active: bool) -> str:
    return "on" if active else "off"


def metaprompt_save_would_lose(
    *, metaprompt: Metaprompt, changed: Collection[str]
) -> tuple[SafetyPart, ...]:
    """The safety parts this save would leave out: asked for new words (a new version)
    and for switching a version on; switching off, or saving nothing new, loses nothing."""
    adding = metaprompt.pk is None or "text" in changed
    switching_on = "is_active" in changed and metaprompt.is_active
    if not (adding or switching_on):
        return ()
    return missing_safety_parts(metaprompt.text)


@transaction.atomic
def metaprompt_save(
    *,
    metaprompt: Metaprompt,
    actor: User | None,
    changed: Collection[str],
    confirmed: bool = False,
) -> bool:
    """Save an admin's metaprompt form; True if it was saved as a new version of a text
    that already existed (the caller may tell the admin the earlier one is kept).

    Raises MetapromptNeedsConfirmation, saving nothing, if the save would leave out a
    safety part and the admin has not `confirmed`; a confirmed loss is in the audit entry.
    """
    missing = metaprompt_save_would_lose(metaprompt=metaprompt, changed=changed)
    if missing and not confirmed:
        raise MetapromptNeedsConfirmation(missing)
    # On the entry's first line, so the audit trail's list shows it.
    confirmed_note = (
        "; saved without " + " and ".join(part.value for part in missing) + ", confirmed"
        if missing
        else ""
    )
    editing = metaprompt.pk is not None
    if editing and "text" not in changed:
        metaprompt.save()
        if "is_active" in changed:
            audit_record(
                actor=actor,
                action=SafetyAuditEntry.Action.CHANGED,
                subject=METAPROMPT_SUBJECT,
                detail=f"version {metaprompt.version}: active: "
                f"{_on_off(not metaprompt.is_active)} → {_on_off(metaprompt.is_active)}"
                f"{confirmed_note}",
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
        f"({'active' if metaprompt.is_active else 'switched off'}{confirmed_note}):\n"
        f"{metaprompt.text}",
    )
    return editing
