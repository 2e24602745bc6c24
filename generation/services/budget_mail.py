"""Telling a class's teachers that a budget refused their students' pictures this month.

One e-mail per class, budget and month: sent for the refusal that made the month's notice
(services/budget.py). Like the blocked-words e-mail (safety/notify.py) it names the class,
never a student or a prompt, and a mail server that fails is logged, never raised.
"""

import logging

from generation import messages
from generation.models import BudgetRefusal
from generation.teacher_mail import class_teachers_mail, site_url

logger = logging.getLogger(__name__)


def budget_refusal_notify(*, refusal_id: int) -> int:
    """E-mail the class's teachers about this month's notice; how many were written to."""
    refusal = BudgetRefusal.objects.select_related("classroom").filter(pk=refusal_id).first()
    if refusal is None:
        return 0
    classroom = refusal.classroom
    sent = class_teachers_mail(
        classroom=classroom,
        subject=messages.BUDGET_REFUSED_SUBJECT,
        template="emails/budget_used_up.txt",
        context={
            "school_wide": refusal.scope == BudgetRefusal.Scope.SCHOOL,
            "class_url": site_url("teacher_class", classroom.pk),
        },
    )
    if sent:
        logger.info("told %s teacher(s) of class %s about its budget", sent, classroom.pk)
    return sent
