"""Telling a class's teachers that a budget refused their students' pictures this month.

One e-mail per class, budget and month: sent for the refusal that made the month's notice
(services/budget.py). Like the blocked-words e-mail (safety/notify.py) it names the class,
never a student or a prompt, and a mail server that fails is logged, never raised.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from generation import messages
from generation.models import BudgetRefusal

logger = logging.getLogger(__name__)


def budget_refusal_notify(*, refusal_id: int) -> int:
    """E-mail the class's teachers about this month's notice; how many were written to."""
    refusal = BudgetRefusal.objects.select_related("classroom").filter(pk=refusal_id).first()
    if refusal is None:
        return 0
    classroom = refusal.classroom
    recipients = list(
        classroom.teachers.exclude(email="").order_by("pk").values_list("email", flat=True)
    )
    if not recipients:
        logger.info("class %s has no teacher with an e-mail address to notify", classroom.pk)
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        class_name = " ".join(classroom.name.split())
        subject = str(messages.BUDGET_REFUSED_SUBJECT % {"classroom": class_name})
        body = render_to_string(
            "emails/budget_used_up.txt",
            {
                "classroom": classroom,
                "school_wide": refusal.scope == BudgetRefusal.Scope.SCHOOL,
                "class_url": settings.SITE_URL.rstrip("/")
                + reverse("teacher_class", args=[classroom.pk]),
            },
        )
    try:
        send_mail(subject, body, None, recipients)
    except OSError:  # smtplib.SMTPException is an OSError, as are refused connections
        logger.exception("could not e-mail the teachers of class %s", classroom.pk)
        return 0
    logger.info("told %s teacher(s) of class %s about its budget", len(recipients), classroom.pk)
    return len(recipients)
