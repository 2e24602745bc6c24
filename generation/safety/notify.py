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

from generation import messages
from generation.models import Generation, SafetySettings
from generation.selectors import blocked_attempts_that_day
from generation.teacher_mail import class_teachers_mail, site_url

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
    sent = class_teachers_mail(
        classroom=classroom,
        subject=messages.KEEPS_TRYING_SUBJECT,
        template="emails/student_keeps_trying.txt",
        context={
            "student": generation.student,
            "count": count,
            "safety_log_url": site_url("teacher_safety_log", classroom.pk),
        },
    )
    if sent:
        logger.info(
            "told %s teacher(s) of class %s about student %s",
            sent,
            classroom.pk,
            generation.student_id,
        )
    return sent
