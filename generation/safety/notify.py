"""Telling a class's teachers when one student keeps trying words that are not allowed.

One e-mail per student, class and day: it goes out when the student's blocked attempts
that day reach the threshold exactly. The count only grows during a day, so it passes the
threshold once, and nothing needs to be stored to remember that a mail was sent. A day is
a calendar day in settings.TIME_ZONE, not the last 24 hours: a rolling window lets old
attempts drop out and come back to the threshold, which would mail a teacher twice in an
hour for a child who tries in the same lesson two days running.

The e-mail names the student and the class but never the prompt or the matched word:
mail is forwarded, shown on lock screens and kept for years. The teacher reads the
details on the safety log, behind a sign-in.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from generation import messages
from generation.models import Generation, SafetySettings
from generation.selectors import blocked_attempts_that_day

logger = logging.getLogger(__name__)

# The safety log highlights repeated attempts from here on when e-mails are switched off.
DEFAULT_HIGHLIGHT_AFTER = 3


def highlight_threshold() -> int:
    """How many blocked attempts in a day mark a student as repeatedly trying."""
    return SafetySettings.current().notify_after_blocked_attempts or DEFAULT_HIGHLIGHT_AFTER


def notify_if_student_keeps_trying(*, generation: Generation) -> int:
    """E-mail the class's teachers if this blocked attempt is the day's threshold-th.

    Call it after the blocked attempt is committed, from submission or the worker.
    Returns how many teachers were written to. A mail server that fails is logged, never
    raised: the student's attempt is already saved and must not turn into an error page.
    """
    threshold = SafetySettings.current().notify_after_blocked_attempts
    if not threshold:
        return 0
    # Re-read: the caller's copy may be older than the committed row.
    generation = Generation.objects.select_related("student", "assignment__classroom").get(
        pk=generation.pk
    )
    if generation.status != Generation.Status.BLOCKED:
        return 0
    count = blocked_attempts_that_day(generation)
    if count != threshold:
        return 0
    classroom = generation.assignment.classroom
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
        subject = str(messages.KEEPS_TRYING_SUBJECT % {"classroom": class_name})
        body = render_to_string(
            "emails/student_keeps_trying.txt",
            {
                "student": generation.student,
                "classroom": classroom,
                "count": count,
                "safety_log_url": settings.SITE_URL.rstrip("/")
                + reverse("teacher_safety_log", args=[classroom.pk]),
            },
        )
    try:
        send_mail(subject, body, None, recipients)
    except OSError:  # smtplib.SMTPException is an OSError, as are refused connections
        logger.exception("could not e-mail the teachers of class %s", classroom.pk)
        return 0
    logger.info(
        "told %s teacher(s) of class %s about student %s",
        len(recipients),
        classroom.pk,
        generation.student_id,
    )
    return len(recipients)
