"""The audit trail of safety changes: who changed what, and when."""

from django.http import HttpRequest

from classrooms.models import Classroom, User
from generation.models import SafetyAuditEntry

# What an entry is about: the trail's "what" column, and its filter.
TERM_SUBJECT = "disallowed term"
METAPROMPT_SUBJECT = "metaprompt"
SETTINGS_SUBJECT = "safety settings"
CATEGORY_SUBJECT = "default list"


def request_actor(request: HttpRequest) -> User | None:
    """The signed-in user who made a change, to name in the trail."""
    return request.user if isinstance(request.user, User) else None


def audit_record(
    *,
    actor: User | None,
    action: str,
    subject: str,
    detail: str = "",
    classroom: Classroom | None = None,
) -> SafetyAuditEntry:
    return SafetyAuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        subject=subject,
        detail=detail[:5000],
        classroom=classroom,
    )
