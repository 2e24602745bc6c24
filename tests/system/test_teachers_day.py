"""A teacher's day in one story, in Chromium (issue 14, "Done when").

Ms Rivera teaches Class 5B (six students, two assignments) and Class 5C. In one morning
she filters the review queue down to one class, one assignment and one student, rejects
Ben's picture with a preset reason and gives him the try back (his "pictures left" goes
up), approves the rest of the page at once, takes one approval back (out of the gallery),
removes Dan from the class (he loses it at once), prints the login cards, pauses the
class while Ana is asking for a picture and resumes it, sees the month's budget stop Ana's
next picture (Ana reads the kind message; Ms Rivera the notice), and downloads the class
book that a real Celery worker makes. Each student has a window of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from classrooms.models import Assignment, Classroom, User
from generation.exports.models import Export
from generation.models import BudgetRefusal, Generation, PriceRule
from generation.selectors.budgets import start_of_month
from tests.conftest import require_service
from tests.support.browser import PASSWORD, Window, qr_codes_drawn, screenshot
from tests.support.factories import GenerationFactory, blocked_generation, finished_generation
from tests.support.worker import celery_worker, redis_is_up

pytestmark = [
    pytest.mark.browser,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]

PRESET = "Lovely idea! Please tell me more about what is happening in your picture."
PAUSED = "Your teacher has paused the class for a moment"
BUDGET_USED_UP = "Your class has made all the pictures it can this month"
# What one DALL-E 3 picture costs in the price table, and what each picture made today cost.
PRICE = Decimal("0.04")
BOOK_TIMEOUT_MS = 30_000

SignedIn = Callable[[User], tuple[Window, Page]]


@dataclass
class School:
    teacher: User
    students: dict[str, User]
    five_b: Classroom
    castles: Assignment
    pictures: dict[str, Generation]


def _person(name: str, role: str) -> User:
    return User.objects.create_user(
        username=name.lower().replace(" ", "_"), password=PASSWORD, role=role, display_name=name
    )


@pytest.fixture
def school() -> School:
    """Real rows: two classes, Class 5B's pictures waiting for review, a picture being
    drawn and a blocked attempt today; every picture made so far cost PRICE."""
    teacher = _person("Ms Rivera", User.Role.TEACHER)
    students = {
        name: _person(name, User.Role.STUDENT)
        for name in ("Ana", "Ben", "Carla", "Dan", "Eva", "Femi", "Gus")
    }
    five_b = Classroom.objects.create(name="Class 5B")
    five_b.teachers.add(teacher)
    five_b.students.add(*(students[name] for name in ("Ana", "Ben", "Carla", "Dan", "Eva", "Femi")))
    five_c = Classroom.objects.create(name="Class 5C")
    five_c.teachers.add(teacher)
    five_c.students.add(students["Gus"])
    castles = Assignment.objects.create(
        classroom=five_b, title="Castles", created_by=teacher, image_limit=3
    )
    rivers = Assignment.objects.create(classroom=five_b, title="Rivers", created_by=teacher)
    oceans = Assignment.objects.create(classroom=five_c, title="Oceans", created_by=teacher)

    def waiting(name: str, assignment: Assignment, prompt: str) -> Generation:
        return finished_generation(student=students[name], assignment=assignment, prompt=prompt)

    pictures = {
        "ana1": waiting("Ana", castles, "a castle made of sand"),
        "ana2": waiting("Ana", castles, "a castle made of ice"),
        "ben1": waiting("Ben", castles, "a castle with a dragon"),
        "ben2": waiting("Ben", castles, "a castle on a cloud"),
        "ben3": waiting("Ben", castles, "a castle under the sea"),
        "carla": waiting("Carla", castles, "a pink castle"),
        "dan": waiting("Dan", castles, "a castle in the jungle"),
        "eva": waiting("Eva", castles, "a castle at night"),
        "carla_river": waiting("Carla", rivers, "a river full of boats"),
        "gus": waiting("Gus", oceans, "a whale and a boat"),
    }
    # Made this morning, a few minutes apart (never last month: the budget counts a month).
    now = timezone.now()
    morning = max(now - timedelta(minutes=50), start_of_month(now))
    for minutes, picture in enumerate(pictures.values()):
        Generation.objects.filter(pk=picture.pk).update(
            created_at=morning + timedelta(minutes=minutes), estimated_cost=PRICE
        )
    GenerationFactory(
        student=students["Femi"],
        assignment=rivers,
        drawing=True,
        prompt="a river in the mountains",
        quoted_cost=PRICE,
    )
    blocked_generation(student=students["Carla"], assignment=castles)
    return School(teacher, students, five_b, castles, pictures)


def _settled(page: Page) -> None:
    """Loaded to the end (a full-page screenshot taken earlier can miss the page's foot)."""
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")


def _status(generation: Generation) -> str:
    return Generation.objects.get(pk=generation.pk).status


def test_a_teachers_day_from_the_review_queue_to_the_class_book(
    signed_in: SignedIn, school: School, media_in_tmp: Path, tmp_path: Path, settings: object
) -> None:
    require_service(redis_is_up(), "Redis")
    pictures, castles, five_b = school.pictures, school.castles, school.five_b
    _t, page = signed_in(school.teacher)
    # Ben has made his three pictures of Castles: nothing left for him.
    _b, ben_page = signed_in(school.students["Ben"])
    ben_page.goto(f"/assignments/{castles.pk}/")
    expect(ben_page.locator("#remaining")).to_contain_text("You can make 0 more pictures.")

    # 1. The review queue: both classes' pictures, then one class's one assignment.
    page.goto("/teach/review/")
    expect(page.locator("[data-review-card]")).to_have_count(len(pictures))
    page.get_by_label("Class").select_option(label="Class 5B")
    page.get_by_label("Assignment").select_option(label="Class 5B · Castles")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(f"**/teach/review/?classroom={five_b.pk}&assignment={castles.pk}*")
    cards = page.locator("[data-review-card]")
    expect(cards).to_have_count(8)
    for other in ("carla_river", "gus"):
        expect(page.locator(f"#review-{pictures[other].pk}")).to_have_count(0)
    _settled(page)
    screenshot(page, "teachers-day-review.png")

    # Only Ben's: one picture rejected with a preset reason, the try given back.
    page.get_by_label("Student").select_option(label="Ben")
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_url(f"**/teach/review/?*student={school.students['Ben'].pk}*")
    expect(cards).to_have_count(3)
    ben_card = page.locator(f"#review-{pictures['ben3'].pk}")
    ben_card.get_by_label("Pick a reason").select_option(label=PRESET)
    expect(ben_card.get_by_label("Reason", exact=True)).to_have_value(PRESET)
    expect(ben_card.get_by_label("Give this try back")).to_be_checked()
    ben_card.get_by_role("button", name="Reject").click()
    expect(page.get_by_text("The try was given back")).to_be_visible()
    expect(cards).to_have_count(2)
    assert _status(pictures["ben3"]) == Generation.Status.REJECTED
    ben_page.reload()
    expect(ben_page.locator("#remaining")).to_contain_text("You can make 1 more picture.")
    expect(ben_page.locator(f"#generation-{pictures['ben3'].pk}")).to_contain_text(PRESET)

    # Back to the whole assignment: the other seven approved in one click.
    page.get_by_label("Student").select_option(label="All")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(cards).to_have_count(7)
    page.get_by_role("button", name="Approve all on this page").click()
    expect(page.get_by_text("7 pictures approved.")).to_be_visible()
    expect(cards).to_have_count(0)
    assert {_status(pictures[name]) for name in ("ana1", "ben1", "dan", "eva")} == {
        Generation.Status.APPROVED
    }
    assert _status(pictures["carla_river"]) == Generation.Status.AWAITING_REVIEW

    # 2. A change of mind: Eva's approval taken back takes it out of the gallery at once.
    _a, ana_page = signed_in(school.students["Ana"])
    ana_page.goto(f"/assignments/{castles.pk}/gallery/")
    eva_in_gallery = ana_page.locator(f"a[href='/images/{pictures['eva'].pk}/']")
    expect(eva_in_gallery).to_have_count(1)
    page.goto(f"/images/{pictures['eva'].pk}/")
    page.get_by_label("Reason", exact=True).fill("Let's keep real people's names out.")
    page.get_by_label("Give this try back").uncheck()
    page.get_by_role("button", name="Take back the approval").click()
    expect(page.get_by_role("heading", name="Decisions")).to_be_visible()
    assert _status(pictures["eva"]) == Generation.Status.REJECTED
    ana_page.reload()
    expect(eva_in_gallery).to_have_count(0)
    expect(ana_page.locator(f"a[href='/images/{pictures['ana1'].pk}/']")).to_have_count(1)

    # 3. The roster: Dan leaves the class (asked first) and loses it at once.
    _d, dan_page = signed_in(school.students["Dan"])
    assert dan_page.goto(f"/assignments/{castles.pk}/").status == 200  # type: ignore[union-attr]
    page.goto(f"/teach/classes/{five_b.pk}/")
    page.locator("#students-heading ~ div").get_by_role("link", name="Remove Dan").click()
    expect(page.get_by_role("heading", name="Remove Dan from Class 5B?")).to_be_visible()
    page.get_by_role("button", name="Remove from class").click()
    expect(page.locator(".messages")).to_contain_text("Dan is no longer in this class.")
    expect(page.get_by_role("row", name="Dan")).to_have_count(0)
    assert dan_page.reload().status == 404  # type: ignore[union-attr]

    # Login cards for the five who are left, each with the QR code of the sign-in page.
    page.get_by_role("link", name="Print login cards").click()
    expect(page.locator(".login-card")).to_have_count(5)
    expect(page.locator(".card-username")).to_have_text(["ana", "ben", "carla", "eva", "femi"])
    assert qr_codes_drawn(page) == 5

    # 4. The class right now: Femi's picture on its way, Carla's blocked attempt.
    page.goto(f"/teach/classes/{five_b.pk}/")
    page.get_by_role("link", name="The class right now, and pause").click()
    expect(page.get_by_role("heading", name="Class 5B right now")).to_be_visible()
    femi = school.students["Femi"]
    expect(page.locator(f"#live-student-{femi.pk}")).to_contain_text("Drawing 1 picture")
    expect(page.locator("#live-summary")).to_contain_text("1 blocked attempt today")

    # Ana is writing a prompt when the class is paused: her request is refused kindly.
    ana_page.goto(f"/assignments/{castles.pk}/")
    expect(ana_page.locator("#remaining")).to_contain_text("You can make 1 more picture.")
    ana_page.get_by_label("Describe your picture").fill("a castle with a rainbow")
    page.get_by_role("button", name="Pause the class").click()
    expect(page.locator(".messages")).to_contain_text("The class is paused.")
    expect(page.locator("#live-paused")).to_be_visible()
    expect(page.locator(f"#live-student-{femi.pk}")).to_contain_text("a river in the mountains")
    _settled(page)
    screenshot(page, "teachers-day-class-now.png")
    ana_page.get_by_role("button", name="Make my picture").click()
    expect(ana_page.locator("#closed-reason")).to_contain_text(PAUSED)
    expect(ana_page.locator("#prompt-form")).to_have_count(0)

    page.get_by_role("button", name="Resume the class").click()
    expect(page.locator(".messages")).to_contain_text("The class is going again.")
    ana_page.goto(f"/assignments/{castles.pk}/")
    expect(ana_page.get_by_label("Describe your picture")).to_be_visible()
    assert not Generation.objects.filter(prompt="a castle with a rainbow").exists()

    # 5. The month's budget: the real model's price, and $0.40 of $0.42 already used.
    settings.IMAGE_PROVIDER = "openai"  # type: ignore[attr-defined]
    settings.OPENAI_API_KEY = "sk-test-not-real"  # type: ignore[attr-defined]
    PriceRule.objects.update_or_create(
        model_prefix="dall-e-3",
        size="1024x1024",
        quality="standard",
        defaults={"price_per_image": PRICE},
    )
    Classroom.objects.filter(pk=five_b.pk).update(monthly_budget=Decimal("0.42"))  # the admin
    ana_page.get_by_label("Describe your picture").fill("a castle with a rainbow")
    ana_page.get_by_role("button", name="Make my picture").click()
    expect(ana_page.get_by_text(BUDGET_USED_UP).first).to_be_visible()
    expect(ana_page.get_by_label("Describe your picture")).to_have_value("a castle with a rainbow")
    assert not Generation.objects.filter(prompt="a castle with a rainbow").exists()
    assert BudgetRefusal.objects.get(classroom=five_b).refused == 1
    page.goto(f"/teach/classes/{five_b.pk}/")
    budget = page.locator("#class-budget")
    expect(budget).to_contain_text("This class: $0.40 of $0.42 used.")
    expect(budget).to_contain_text("1 request for pictures in this class was refused")
    settings.IMAGE_PROVIDER = "offline"  # type: ignore[attr-defined]

    # 6. The class book of Castles, made by a real worker while the page watches.
    page.goto(f"/teach/assignments/{castles.pk}/")
    page.get_by_role("link", name="Class book and downloads").click()
    page.get_by_label("A class book to print (PDF)").check()
    page.get_by_label("Every approved picture").check()
    page.get_by_role("button", name="Make it").click()
    page.wait_for_url("**/teach/exports/*/")
    export = Export.objects.get()
    card = page.locator(f"#export-{export.pk}")
    expect(card.get_by_text("Waiting to start")).to_be_visible()
    with celery_worker(media_root=media_in_tmp, name="teachers-day-worker"):
        try:
            expect(card).to_have_attribute("data-status", "ready", timeout=BOOK_TIMEOUT_MS)
        except AssertionError as error:
            log = (media_in_tmp.parent / "teachers-day-worker.log").read_text()
            raise AssertionError(f"{error}\n--- worker log ---\n{log}") from error
    with page.expect_download() as download:
        card.get_by_role("link", name="Download the class book (PDF)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    page.get_by_role("link", name="Class book and downloads").click()
    expect(page.locator("#made-before ~ div")).to_contain_text("Ready")
    _settled(page)
    screenshot(page, "teachers-day-class-book.png")
    # The cover, then Ana's two, Ben's two, Carla's and Dan's (his work stays the class's);
    # not Ben's rejected picture nor Eva's taken back.
    approved = Generation.objects.filter(assignment=castles, status=Generation.Status.APPROVED)
    assert approved.count() == 6
    assert len(pypdfium2.PdfDocument(saved.read_bytes())) == 1 + 6
