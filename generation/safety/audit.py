"""The audit trail of safety changes: who changed what, and when."""

from typing import TYPE_CHECKING

from generation.models import SafetyAuditEntry

if TYPE_CHECKING:
    from classrooms.models import Classroom, User


def audit_record(
    *,
    actor: "User | None",
    action: str,
    subject: str,
    detail: str = "",
    classroom: "Classroom | None" = None,
) -> SafetyAuditEntry:
    return SafetyAuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        subject=subject,
        detail=detail[:5000],
        classroom=classroom,
    )
