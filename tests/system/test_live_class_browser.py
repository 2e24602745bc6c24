"""The class right now and the budgets, in a real browser: Ms Rivera watches her class
live, pauses it, Ana reads the kind message instead of the form, Ms Rivera resumes; and a
budget that is used up stops Ana's picture kindly while her teacher sees the notice."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from classrooms.models import Assignment, Classroom, User
from generation.models import BudgetRefusal, Generation, PriceRule
from tests.support.browser import PASSWORD, Window, screenshot
from tests.support.factories import GenerationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]

PAUSED = "Your teacher has paused the class for a moment"


@pytest.fixture
def lesson() -> tuple[User, User, Assignment]:
    teacher = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    ana = User.objects.create_user(
        username="ana", password=PASSWORD, role=User.Role.STUDENT, display_name="Ana"
    )
    ben = User.objects.create_user(
        username="ben", password=PASSWORD, role=User.Role.STUDENT, display_name="Ben"
    )
    classroom = Classroom.objects.create(name="Class 5B")
    classroom.teachers.add(teacher)
    classroom.students.add(ana, ben)
    assignment = Assignment.objects.create(
        classroom=classroom, title="Lighthouses", created_by=teacher
    )
    return teacher, ana, assignment


def test_a_teacher_watches_the_class_pauses_it_and_resumes(
    signed_in: Callable[[User], tuple[Window, Page]], lesson: tuple[User, User, Assignment]
) -> None:
    teacher, ana, assignment = lesson
    classroom = assignment.classroom
    _t, teacher_page = signed_in(teacher)
    teacher_page.goto(f"/teach/classes/{classroom.pk}/")
    teacher_page.get_by_role("link", name="The class right now, and pause").click()
    expect(teacher_page.get_by_role("heading", name="Class 5B right now")).to_be_visible()
    expect(teacher_page.locator("#live-students")).to_contain_text("Nothing yet")

    # The page takes in Ana's picture on its way by itself, without a reload.
    GenerationFactory(student=ana, assignment=assignment, drawing=True, prompt="a red lighthouse")
    row = teacher_page.locator(f"#live-student-{ana.pk}")
    expect(row).to_contain_text("Drawing 1 picture", timeout=15_000)
    expect(row).to_contain_text("a red lighthouse")
    expect(teacher_page.locator("#live-summary")).to_contain_text("1 picture being drawn")

    teacher_page.get_by_role("button", name="Pause the class").click()
    expect(teacher_page.locator(".messages")).to_contain_text("The class is paused.")
    expect(teacher_page.get_by_role("heading", name="The class is paused")).to_be_visible()
    screenshot(teacher_page, "teacher-class-now.png")

    _s, student_page = signed_in(ana)
    student_page.goto(f"/assignments/{assignment.pk}/")
    expect(student_page.locator("#closed-reason")).to_contain_text(PAUSED)
    expect(student_page.locator("#prompt-form")).to_have_count(0)

    teacher_page.get_by_role("button", name="Resume the class").click()
    expect(teacher_page.locator(".messages")).to_contain_text("The class is going again.")
    student_page.reload()
    expect(student_page.get_by_label("Describe your picture")).to_be_visible()
    expect(student_page.get_by_text(PAUSED)).to_have_count(0)


def test_a_used_up_budget_stops_a_picture_and_the_teacher_sees_why(
    signed_in: Callable[[User], tuple[Window, Page]],
    lesson: tuple[User, User, Assignment],
    settings: object,
) -> None:
    teacher, ana, assignment = lesson
    # A model that costs money: $0.04 a picture, and $0.04 of a $0.05 budget already used.
    settings.IMAGE_PROVIDER = "openai"  # type: ignore[attr-defined]
    settings.OPENAI_API_KEY = "sk-test-not-real"  # type: ignore[attr-defined]
    PriceRule.objects.update_or_create(
        model_prefix="dall-e-3",
        size="1024x1024",
        quality="standard",
        defaults={"price_per_image": Decimal("0.04")},
    )
    classroom = assignment.classroom
    classroom.monthly_budget = Decimal("0.05")
    classroom.save(update_fields=["monthly_budget"])
    GenerationFactory(
        student=ana, assignment=assignment, approved=True, estimated_cost=Decimal("0.04")
    )

    _s, student_page = signed_in(ana)
    student_page.goto(f"/assignments/{assignment.pk}/")
    student_page.get_by_label("Describe your picture").fill("a lighthouse on the moon")
    student_page.get_by_role("button", name="Make my picture").click()
    expect(
        student_page.get_by_text("Your class has made all the pictures it can this month").first
    ).to_be_visible()
    # Her words are still there to use another day.
    expect(student_page.get_by_label("Describe your picture")).to_have_value(
        "a lighthouse on the moon"
    )
    assert Generation.objects.filter(status=Generation.Status.QUEUED).count() == 0
    assert BudgetRefusal.objects.get().refused == 1

    _t, teacher_page = signed_in(teacher)
    teacher_page.goto(f"/teach/classes/{classroom.pk}/")
    budget = teacher_page.locator("#class-budget")
    expect(budget).to_contain_text("This class: $0.04 of $0.05 used.")
    expect(budget).to_contain_text("1 request for pictures in this class was refused")
