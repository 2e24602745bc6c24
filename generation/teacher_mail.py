"""E-mail to a class's teachers: in the school's language, never raised on a mail failure.

The blocked-words notice (safety/notify.py) and the budget notice (services/budget_mail.py)
both go out this way. A mail server that fails is logged: the student's request that set
it off is already saved and must not turn into an error page.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from classrooms.models import Classroom

logger = logging.getLogger(__name__)


def site_url(view: str, *args: object) -> str:
    """An absolute address on the site, for an e-mail."""
    return settings.SITE_URL.rstrip("/") + reverse(view, args=args)


def class_teachers_mail(
    *,
    classroom: Classroom,
    subject: Promise,
    template: str,
    context: dict[str, Any],
) -> int:
    """Send `template` to every teacher of the class with an address; how many were written
    to. `subject` has a `%(classroom)s`; the template gets `classroom` and `context`."""
    recipients = list(
        classroom.teachers.exclude(email="").order_by("pk").values_list("email", flat=True)
    )
    if not recipients:
        logger.info("class %s has no teacher with an e-mail address to notify", classroom.pk)
        return 0
    # The school's language: the mail may be sent while a student's request is active.
    with translation.override(settings.LANGUAGE_CODE):
        # One line whatever the class is called: a newline in a subject is refused.
        class_name = " ".join(classroom.name.split())
        text = str(subject) % {"classroom": class_name}
        body = render_to_string(template, {"classroom": classroom, **context})
    try:
        send_mail(text, body, None, recipients)
    except OSError:  # smtplib.SMTPException is an OSError, as are refused connections
        logger.exception("could not e-mail the teachers of class %s", classroom.pk)
        return 0
    return len(recipients)
