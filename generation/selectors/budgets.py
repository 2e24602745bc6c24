"""What a month of pictures has cost, for the budgets: a class's and the whole school's.

A picture still queued or drawing counts the price it was quoted when it was asked for;
any other counts its own estimated cost (nothing, if it failed or was stopped). So thirty
students asking at once each see the others' pictures already counted.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Case, DecimalField, F, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from classrooms.models import Classroom
from generation.models import BudgetRefusal, Generation, SchoolBudget

NOTHING = Decimal("0")

# One expression for what a picture counts against a budget.
SPEND = Coalesce(
    Sum(
        Case(
            When(status__in=Generation.IN_PROGRESS, then=F("quoted_cost")),
            default=F("estimated_cost"),
        )
    ),
    NOTHING,
    output_field=DecimalField(max_digits=14, decimal_places=4),
)


def start_of_month(moment: datetime) -> datetime:
    """Midnight on the first of that month in the school's time zone (settings.TIME_ZONE)."""
    return timezone.localtime(moment).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def month_of(moment: datetime) -> date:
    return start_of_month(moment).date()


def over_budget(*, spent: Decimal, cost: Decimal, budget: Decimal) -> bool:
    """The one rule: a request may not take the month past its budget, and once the
    budget is used up nothing more is made, not even a picture priced at nothing."""
    return spent >= budget or spent + cost > budget


def _spend(generations: "QuerySet[Generation]") -> Decimal:
    spent: Decimal = generations.aggregate(spent=SPEND)["spent"]
    return spent


def class_spend(*, classroom: Classroom, since: datetime) -> Decimal:
    """One query on the (assignment, created_at) index."""
    return _spend(Generation.objects.filter(assignment__classroom=classroom, created_at__gte=since))


def school_spend(*, since: datetime) -> Decimal:
    """One query on the created_at index."""
    return _spend(Generation.objects.filter(created_at__gte=since))


@dataclass(frozen=True)
class BudgetUse:
    """What has been spent this month against one budget (None: there is no budget)."""

    spent: Decimal
    budget: Decimal | None

    @property
    def left(self) -> Decimal | None:
        return None if self.budget is None else max(self.budget - self.spent, NOTHING)

    @property
    def used_up(self) -> bool:
        """Nothing more may be made this month (over_budget for a free picture)."""
        return self.budget is not None and over_budget(
            spent=self.spent, cost=NOTHING, budget=self.budget
        )

    @property
    def percent(self) -> int:
        if not self.budget:
            return 100 if self.budget is not None else 0
        return min(int(self.spent * 100 / self.budget), 100)


@dataclass(frozen=True)
class ClassBudgets:
    """A class's page: its own budget and the school's, this month, and the refusals."""

    month: date
    own: BudgetUse
    school: BudgetUse
    refusals: list[BudgetRefusal]


def class_budgets(*, classroom: Classroom, now: datetime) -> ClassBudgets:
    """Four queries whatever the number of pictures: the class's spend, the school's
    budget row and spend (only when it has a budget), and this month's refusals."""
    since = start_of_month(now)
    # Read, never made here: a page view writes nothing (the admin makes the row).
    school_budget = (
        SchoolBudget.objects.filter(pk=1).values_list("monthly_budget", flat=True).first()
    )
    return ClassBudgets(
        month=since.date(),
        own=BudgetUse(
            spent=class_spend(classroom=classroom, since=since), budget=classroom.monthly_budget
        ),
        school=BudgetUse(
            spent=school_spend(since=since) if school_budget is not None else NOTHING,
            budget=school_budget,
        ),
        refusals=list(
            BudgetRefusal.objects.filter(classroom=classroom, month=since.date()).filter(
                ~Q(refused=0)
            )
        ),
    )


def budget_used_up(*, classroom: Classroom, now: datetime) -> bool:
    """Is the class's or the school's budget used up this month? (The student's page then
    says so instead of showing the form.) One to three queries: the school's budget, and
    the spending of each budget there is."""
    since = start_of_month(now)
    if classroom.monthly_budget is not None and over_budget(
        spent=class_spend(classroom=classroom, since=since),
        cost=NOTHING,
        budget=classroom.monthly_budget,
    ):
        return True
    school_budget = (
        SchoolBudget.objects.filter(pk=1).values_list("monthly_budget", flat=True).first()
    )
    return school_budget is not None and over_budget(
        spent=school_spend(since=since), cost=NOTHING, budget=school_budget
    )
