"""The monthly budgets, checked as a request is saved: the class's and the school's.

A request is priced before it is queued (pricing.quote_picture) and refused, saving
nothing, if it would take this month's spending past either budget. The check locks the
class's row, and the school's budget row when there is a school budget, inside the
submission's transaction, so requests arriving together are counted one after another:
each sees the quotes of those committed before it, and none can overshoot.
"""

import logging
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from classrooms.models import Classroom
from generation import messages, queue
from generation.models import BudgetRefusal, BudgetScope, SchoolBudget
from generation.selectors.budgets import (
    class_spend,
    month_of,
    over_budget,
    school_spend,
    start_of_month,
)

logger = logging.getLogger(__name__)


class BudgetReached(ValidationError):
    """A refusal because a budget is used up, carrying which one for the teacher's notice."""

    def __init__(self, message: Any, *, scope: BudgetScope) -> None:
        super().__init__(message, code="budget")
        self.scope = scope


def budget_check(*, classroom: Classroom, cost: Decimal, now: datetime) -> None:
    """Raise BudgetReached if `cost` more this month would pass the class's or the
    school's budget. Call inside the submission's transaction with `classroom` already
    locked (select_for_update) by the caller; the school's row is locked here."""
    since = start_of_month(now)
    if classroom.monthly_budget is not None:
        spent = class_spend(classroom=classroom, since=since)
        if over_budget(spent=spent, cost=cost, budget=classroom.monthly_budget):
            raise BudgetReached(messages.BUDGET_USED_UP, scope=BudgetScope.CLASS)
    school = SchoolBudget.objects.select_for_update().filter(pk=1).first()
    budget = school.monthly_budget if school is not None else None
    if budget is not None and over_budget(
        spent=school_spend(since=since), cost=cost, budget=budget
    ):
        raise BudgetReached(messages.BUDGET_USED_UP, scope=BudgetScope.SCHOOL)


def budget_refusal_record(*, classroom: Classroom, scope: BudgetScope, now: datetime) -> None:
    """Count a refused request on the class's notice for this month (after the refused
    transaction rolled back): its teachers see it on the class page, and the month's first
    refusal of each budget is e-mailed to them (services/budget_mail.py, from the worker)."""
    with transaction.atomic():
        notice, created = BudgetRefusal.objects.get_or_create(
            classroom=classroom, month=month_of(now), scope=scope, defaults={"first_at": now}
        )
        BudgetRefusal.objects.filter(pk=notice.pk).update(refused=F("refused") + 1, last_at=now)
        if created:
            queue.notify_budget_refusal_after_commit(notice.pk)
    logger.info("class %s: a request was refused by %s budget", classroom.pk, scope)
