"""The monthly budgets: every request is priced before it is queued, and one that would
take the class's or the school's month past its budget is refused kindly, saving nothing,
with a notice on the class page for its teachers."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from celery import current_app
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, Classroom, User
from generation import messages
from generation.models import BudgetRefusal, Generation, PriceRule, SchoolBudget
from generation.selectors.budgets import class_budgets, class_spend, start_of_month
from generation.services import generation_submit
from tests.support.factories import GenerationFactory, prompt_post

PRICE = Decimal("0.04")  # dall-e-3, square, standard


@pytest.fixture
def priced(settings: object, db: None) -> None:
    """A provider that costs money, and the price table's figure for its square picture."""
    settings.IMAGE_PROVIDER = "openai"  # type: ignore[attr-defined]
    settings.OPENAI_API_KEY = "sk-test-not-real"  # type: ignore[attr-defined]
    settings.IMAGE_MODEL = "dall-e-3"  # type: ignore[attr-defined]
    PriceRule.objects.update_or_create(
        model_prefix="dall-e-3",
        size="1024x1024",
        quality="standard",
        defaults={"price_per_image": PRICE},
    )


def ask(student: User, assignment: Assignment, count: int = 1) -> list[Generation]:
    return generation_submit(
        student=student,
        assignment=assignment,
        prompt="a lighthouse in the desert",
        options={"orientation": "square"},
        count=count,
    )


def spent(assignment: Assignment, cost: str, **fields: object) -> Generation:
    """A picture of this month that cost this much."""
    return GenerationFactory(
        student=assignment.classroom.students.first(),
        assignment=assignment,
        approved=True,
        estimated_cost=Decimal(cost),
        **fields,
    )


def set_class_budget(classroom: Classroom, amount: str | None) -> None:
    classroom.monthly_budget = None if amount is None else Decimal(amount)
    classroom.save(update_fields=["monthly_budget"])


def test_a_request_is_priced_before_it_is_queued(
    priced: None, student: User, assignment: Assignment
) -> None:
    pictures = ask(student, assignment, count=2)
    assert [p.quoted_cost for p in pictures] == [PRICE, PRICE]
    assert all(p.status == Generation.Status.QUEUED for p in pictures)


def test_a_request_that_would_pass_the_class_budget_is_refused_and_saves_nothing(
    priced: None, student: User, assignment: Assignment
) -> None:
    set_class_budget(assignment.classroom, "0.10")
    spent(assignment, "0.04")
    ask(student, assignment)  # 0.08 of 0.10: still inside
    with pytest.raises(ValidationError) as refused:
        ask(student, assignment)  # 0.12 would pass it
    assert refused.value.code == "budget"
    assert refused.value.messages == [str(messages.BUDGET_USED_UP)]
    assert Generation.objects.filter(status=Generation.Status.QUEUED).count() == 1
    notice = BudgetRefusal.objects.get()
    assert (notice.classroom, notice.scope, notice.refused) == (
        assignment.classroom,
        BudgetRefusal.Scope.CLASS,
        1,
    )


def test_pictures_on_their_way_count_their_quote_and_failed_ones_count_nothing(
    priced: None, student: User, assignment: Assignment
) -> None:
    since = start_of_month(timezone.now())
    GenerationFactory(student=student, assignment=assignment, quoted_cost=Decimal("0.04"))
    GenerationFactory(
        student=student, assignment=assignment, drawing=True, quoted_cost=Decimal("0.08")
    )
    # Drawn: its own cost, not its quote. Failed: nothing.
    spent(assignment, "0.05", quoted_cost=Decimal("0.04"))
    GenerationFactory(student=student, assignment=assignment, failed=True, quoted_cost=PRICE)
    assert class_spend(classroom=assignment.classroom, since=since) == Decimal("0.17")


def test_last_months_pictures_do_not_count(
    priced: None, student: User, assignment: Assignment
) -> None:
    set_class_budget(assignment.classroom, "0.04")
    spent(assignment, "5.00", created_at=start_of_month(timezone.now()) - timedelta(seconds=1))
    assert len(ask(student, assignment)) == 1


def test_another_classs_spending_does_not_count_against_this_class(
    priced: None, student: User, assignment: Assignment, other_assignment: Assignment
) -> None:
    set_class_budget(assignment.classroom, "0.04")
    spent(other_assignment, "5.00")
    assert len(ask(student, assignment)) == 1


def test_the_school_budget_counts_every_class(
    priced: None, student: User, assignment: Assignment, other_assignment: Assignment
) -> None:
    school = SchoolBudget.current()
    school.monthly_budget = Decimal("1.00")
    school.save()
    spent(other_assignment, "0.98")
    with pytest.raises(ValidationError) as refused:
        ask(student, assignment)
    assert refused.value.messages == [str(messages.BUDGET_USED_UP)]
    assert BudgetRefusal.objects.get().scope == BudgetRefusal.Scope.SCHOOL


def test_without_budgets_nothing_is_refused(
    priced: None, student: User, assignment: Assignment
) -> None:
    spent(assignment, "500.00")
    assert len(ask(student, assignment, count=3)) == 3


def test_a_free_picture_fits_a_budget_with_room_left_but_not_one_used_up(
    student: User, assignment: Assignment
) -> None:
    # The offline preview costs nothing.
    set_class_budget(assignment.classroom, "0.05")
    spent(assignment, "0.04")
    assert ask(student, assignment)[0].quoted_cost == Decimal("0")
    spent(assignment, "0.01")
    with pytest.raises(ValidationError) as refused:
        ask(student, assignment)
    assert refused.value.code == "budget"


def test_the_students_page_says_kindly_when_the_budget_is_used_up_and_hides_the_form(
    client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    url = reverse("student_assignment", args=[assignment.pk])
    set_class_budget(assignment.classroom, "0.04")
    spent(assignment, "0.03")
    assert 'id="prompt-form"' in client.get(url).content.decode()
    spent(assignment, "0.01")
    page = client.get(url).content.decode()
    assert str(messages.BUDGET_USED_UP) in page
    assert 'id="prompt-form"' not in page


def test_the_students_page_counts_the_school_budget_too(
    client, student: User, assignment: Assignment, other_assignment: Assignment
) -> None:
    school = SchoolBudget.current()
    school.monthly_budget = Decimal("1.00")
    school.save()
    spent(other_assignment, "1.00")
    client.force_login(student)
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert str(messages.BUDGET_USED_UP) in page and 'id="prompt-form"' not in page


def test_a_request_too_big_for_what_is_left_keeps_the_students_words(
    priced: None, client, student: User, assignment: Assignment
) -> None:
    set_class_budget(assignment.classroom, "0.10")
    spent(assignment, "0.04")
    client.force_login(student)
    response = client.post(
        reverse("student_assignment", args=[assignment.pk]),
        prompt_post(student=student, assignment=assignment, prompt="a lighthouse", count="2"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert str(messages.BUDGET_USED_UP) in page
    assert 'id="prompt-form"' in page and "a lighthouse" in page
    assert not Generation.objects.filter(status=Generation.Status.QUEUED).exists()


def test_refusals_are_counted_on_one_notice_a_month(
    priced: None, student: User, classmate: User, assignment: Assignment
) -> None:
    set_class_budget(assignment.classroom, "0.00")
    for person in (student, classmate, student):
        with pytest.raises(ValidationError):
            ask(person, assignment)
    assert BudgetRefusal.objects.get().refused == 3


def test_the_teacher_sees_used_budget_and_the_notice_on_the_class_page(
    priced: None, client, teacher: User, student: User, assignment: Assignment
) -> None:
    set_class_budget(assignment.classroom, "0.05")
    spent(assignment, "0.04")
    with pytest.raises(ValidationError):
        ask(student, assignment)
    client.force_login(teacher)
    page = client.get(reverse("teacher_class", args=[assignment.classroom.pk])).content.decode()
    assert "This class: $0.04 of $0.05 used." in page
    assert (
        "This month, 1 request for pictures in this class was refused because it would have "
        "gone over the class's budget"
    ) in page


def test_a_class_without_a_budget_shows_what_it_used(
    client, teacher: User, assignment: Assignment
) -> None:
    spent(assignment, "1.25")
    client.force_login(teacher)
    page = client.get(reverse("teacher_class", args=[assignment.classroom.pk])).content.decode()
    assert "This class: $1.25 used. It has no budget of its own." in page


def test_another_teacher_cannot_see_a_class_budget(
    client, other_teacher: User, assignment: Assignment
) -> None:
    set_class_budget(assignment.classroom, "3.00")
    client.force_login(other_teacher)
    response = client.get(reverse("teacher_class", args=[assignment.classroom.pk]))
    assert response.status_code == 404


def test_a_student_cannot_see_a_class_budget(client, student: User, assignment: Assignment) -> None:
    client.force_login(student)
    response = client.get(reverse("teacher_class", args=[assignment.classroom.pk]))
    assert response.status_code == 403


def test_the_teachers_are_e_mailed_once_a_month_per_budget_without_names_or_prompts(
    priced: None,
    student: User,
    classmate: User,
    teacher: User,
    assignment: Assignment,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks,
) -> None:
    from generation import queue, tasks

    # The worker would run the task; here it runs at once, as the worker would.
    monkeypatch.setattr(queue, "send", lambda task, *args: current_app.tasks[task](*args))
    teacher.email = "rivera@school.example"
    teacher.save(update_fields=["email"])
    set_class_budget(assignment.classroom, "0.00")
    for person in (student, classmate, student):
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
            ask(person, assignment)
    assert tasks.notify_budget_refusal.name == queue.NOTIFY_BUDGET_REFUSAL
    [sent] = mail.outbox
    assert sent.to == ["rivera@school.example"]
    assert sent.subject == "Edu4All: the budget stopped new pictures in Class 5B"
    assert "over the class's budget for this month" in sent.body
    assert reverse("teacher_class", args=[assignment.classroom.pk]) in sent.body
    assert "lighthouse" not in sent.body and "Ana" not in sent.body


@pytest.mark.parametrize("pictures", [5, 50])
def test_the_class_budget_costs_the_same_queries_however_many_pictures(
    pictures: int, student: User, assignment: Assignment
) -> None:
    set_class_budget(assignment.classroom, "9.00")
    school = SchoolBudget.current()
    school.monthly_budget = Decimal("90.00")
    school.save()
    GenerationFactory.create_batch(pictures, student=student, assignment=assignment)
    with CaptureQueriesContext(connection) as queries:
        budgets = class_budgets(classroom=assignment.classroom, now=timezone.now())
    assert len(queries) == 4
    assert budgets.own.budget == Decimal("9.00")


def test_thirty_students_at_once_cannot_overshoot_the_class_budget(
    transactional_db: None, priced: None, teacher: User
) -> None:
    """Each request locks the class's row in its transaction, so they are priced one
    after another against what the ones before them committed (on PostgreSQL; SQLite's
    transactions take the whole database, IMMEDIATE, and are one after another anyway)."""
    classroom = Classroom.objects.create(name="Class 5B", monthly_budget=Decimal("0.40"))
    classroom.teachers.add(teacher)
    students = [
        User.objects.create_user(username=f"kid{n}", role=User.Role.STUDENT) for n in range(30)
    ]
    classroom.students.add(*students)
    assignment = Assignment.objects.create(classroom=classroom, title="Lighthouses")
    barrier = threading.Barrier(len(students))
    outcomes: list[str] = []

    def ask_at_once(person: User) -> None:
        try:
            barrier.wait()
            ask(person, assignment)
            outcomes.append("made")
        except ValidationError as error:
            outcomes.append(error.code or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=ask_at_once, args=(person,)) for person in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["budget"] * 20 + ["made"] * 10
    assert Generation.objects.filter(assignment=assignment).count() == 10
    assert BudgetRefusal.objects.get().refused == 20
