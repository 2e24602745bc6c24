"""Every page of every role, with real data, checked by axe-core in a real browser against
WCAG 2.0, 2.1 and 2.2 A and AA, and measured for reflow: no page scrolls sideways on a
390 pixel phone, at 320 CSS pixels or at 200% zoom.

One browser for the module and one window per person; each test visits a role's pages in
turn and reports every problem it found on any of them at the end.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.contrib import admin
from django.http import HttpRequest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from classrooms.models import Assignment, Classroom, User
from generation.exports.models import Export
from generation.models import (
    BudgetRefusal,
    DisallowedTerm,
    ExtraPictures,
    Generation,
    Metaprompt,
    ReviewDecision,
)
from generation.services.exports import export_build
from tests.support.axe import describe, violations
from tests.support.browser import PASSWORD, Window, sign_in
from tests.support.factories import GenerationFactory, blocked_generation, finished_generation
from tests.support.reflow import sideways_scrolling

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]


@dataclass
class Audit:
    """What axe-core and the reflow measure found, page by page."""

    problems: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def check(self, page: Page, name: str) -> None:
        page.wait_for_load_state("load")
        self.pages.append(name)
        found = violations(page)
        if found:
            self.problems.append(describe(found, where=f"[{name}] "))
        for overflow in sideways_scrolling(page):
            self.problems.append(f"[{name}] scrolls sideways {overflow}")

    def visit(self, page: Page, url: str, name: str, status: int = 200) -> None:
        response = page.goto(url)
        assert response is not None and response.status == status, (name, url)
        self.check(page, name)

    def assert_clean(self) -> None:
        assert self.problems == [], "\n".join(self.problems)


@dataclass
class School:
    teacher: User
    student: User
    classmate: User
    classroom: Classroom
    assignment: Assignment
    pictures: dict[str, Generation]
    classmates_picture: Generation


@pytest.fixture
def school() -> School:
    """Class 5B with an assignment and one of Ana's pictures in every status."""
    teacher = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    ana = User.objects.create_user(
        username="ana", password=PASSWORD, role=User.Role.STUDENT, display_name="Ana"
    )
    ben = User.objects.create_user(
        username="ben", password=PASSWORD, role=User.Role.STUDENT, display_name="Ben"
    )
    # A budget, so the class page shows its meter and a refusal's notice.
    classroom = Classroom.objects.create(name="Class 5B", monthly_budget=Decimal("5.00"))
    classroom.teachers.add(teacher)
    classroom.students.add(ana, ben)
    BudgetRefusal.objects.create(
        classroom=classroom, month=timezone.localdate().replace(day=1), scope="class", refused=2
    )
    assignment = Assignment.objects.create(
        classroom=classroom,
        title="A monument in a new setting",
        instructions="Draw a famous monument somewhere surprising.",
        allowed_orientations=["square", "landscape"],
        allowed_qualities=["standard"],
        allowed_styles=["vivid", "natural"],
        created_by=teacher,
    )
    pictures = {
        status: finished_generation(
            student=ana, assignment=assignment, status=status, prompt=f"a castle, {status}"
        )
        for status in ("awaiting_review", "approved", "rejected")
    }
    pictures["rejected"].rejection_reason = "Please draw the castle in the daytime."
    pictures["rejected"].save(update_fields=["rejection_reason"])
    pictures["queued"] = GenerationFactory(student=ana, assignment=assignment, prompt="a bridge")
    pictures["generating"] = GenerationFactory(
        student=ana, assignment=assignment, prompt="a tower", drawing=True
    )
    pictures["failed"] = GenerationFactory(
        student=ana, assignment=assignment, prompt="a lake", failed=True
    )
    pictures["filtered"] = GenerationFactory(
        student=ana, assignment=assignment, prompt="a cave", filtered=True
    )
    pictures["blocked"] = blocked_generation(student=ana, assignment=assignment)
    classmates = finished_generation(
        student=ben, assignment=assignment, status="approved", prompt="the pyramids in snow"
    )
    DisallowedTerm.objects.create(term="lava", classroom=classroom)
    return School(teacher, ana, ben, classroom, assignment, pictures, classmates)


def test_every_page_a_signed_out_visitor_sees_passes_axe_and_reflows(window: Window) -> None:
    audit = Audit()
    for url, name in [
        (reverse("login"), "sign-in"),
        (reverse("student_signup"), "join"),
        (reverse("teacher_signup"), "teacher sign-up"),
        (reverse("families"), "for families and schools"),
    ]:
        audit.visit(window.page, url, name)
    audit.assert_clean()


def test_every_page_a_student_sees_passes_axe_and_reflows(window: Window, school: School) -> None:
    page = sign_in(window, school.student.username)
    audit = Audit()
    approved = school.pictures["approved"]
    audit.visit(page, reverse("student_classes"), "class list")
    audit.visit(page, reverse("student_class", args=[school.classroom.pk]), "class")
    audit.visit(page, reverse("student_join"), "join another class")
    audit.visit(page, reverse("student_assignment", args=[school.assignment.pk]), "assignment")
    audit.visit(page, reverse("gallery", args=[school.assignment.pk]), "gallery")
    for status, picture in school.pictures.items():
        audit.visit(page, reverse("image", args=[picture.pk]), f"{status} picture")
    audit.visit(page, reverse("image", args=[school.classmates_picture.pk]), "classmate's picture")
    audit.visit(page, reverse("edit_picture", args=[approved.pk]), "painter")
    school.classroom.pause(by=school.teacher)
    audit.visit(page, reverse("student_class", args=[school.classroom.pk]), "class, paused")
    audit.visit(
        page, reverse("student_assignment", args=[school.assignment.pk]), "assignment, paused"
    )
    audit.assert_clean()


def test_every_page_a_teacher_sees_passes_axe_and_reflows(window: Window, school: School) -> None:
    page = sign_in(window, school.teacher.username)
    audit = Audit()
    classroom, assignment = school.classroom.pk, school.assignment.pk
    audit.visit(page, reverse("teacher_dashboard"), "dashboard")
    audit.visit(page, reverse("teacher_class_create"), "new class")
    audit.visit(page, reverse("teacher_assignment", args=[assignment]), "assignment")
    audit.visit(page, reverse("teacher_assignment_create", args=[classroom]), "new assignment")
    audit.visit(page, reverse("teacher_assignment_edit", args=[assignment]), "assignment form")
    audit.visit(page, reverse("review_queue"), "review queue")
    audit.visit(page, f"{reverse('review_queue')}?classroom={classroom}", "filtered review queue")
    page.keyboard.press("?")
    audit.check(page, "review queue with its keyboard help")
    audit.visit(page, reverse("preset_reasons"), "preset reasons")
    _review_pages(page, audit, school)
    audit.visit(page, reverse("teacher_safety_log", args=[classroom]), "safety log")
    page.locator("#words-weapons summary").click()
    expect(page.locator("#words-weapons")).to_have_attribute("open", "")
    audit.check(page, "safety log with a default list's words open")
    audit.visit(page, reverse("image", args=[school.pictures["awaiting_review"].pk]), "picture")
    audit.visit(page, reverse("teacher_class_live", args=[classroom]), "the class right now")
    page.get_by_role("button", name="Pause the class").click()
    audit.check(page, "the class right now, paused")
    audit.visit(page, reverse("teacher_dashboard"), "dashboard, a class paused")
    expect(page.locator("[data-paused]")).to_have_count(1)
    audit.visit(page, reverse("teacher_class", args=[classroom]), "class and roster")
    page.get_by_role("row", name="Ben").get_by_role("link", name="New password").click()
    audit.check(page, "confirm a new password")
    page.get_by_role("button", name="Make a new password").click()
    expect(page.get_by_text(school.classmate.username).first).to_be_visible()
    audit.check(page, "password card")
    # The pages added for the live class and the budgets, in Spanish too.
    school.teacher.language = "es"
    school.teacher.save(update_fields=["language"])
    audit.visit(page, reverse("teacher_class_live", args=[classroom]), "the class right now (es)")
    audit.visit(page, reverse("teacher_class", args=[classroom]), "class and budget (es)")
    audit.visit(page, reverse("teacher_dashboard"), "dashboard, a class paused (es)")
    audit.assert_clean()


def _review_pages(page: Page, audit: Audit, school: School) -> None:
    """The pages where a teacher changes a decision and reads its trail (issue 14)."""
    for status in ("approved", "rejected"):
        picture = school.pictures[status]
        ReviewDecision.objects.create(
            generation=picture,
            teacher=school.teacher,
            from_status=Generation.Status.AWAITING_REVIEW,
            to_status=status,
            reason="Please draw the castle in the daytime." if status == "rejected" else "",
        )
        audit.visit(page, reverse("image", args=[picture.pk]), f"{status} picture, its decisions")


def test_the_review_pages_pass_axe_in_spanish(window: Window, school: School) -> None:
    page = sign_in(window, school.teacher.username)
    User.objects.filter(pk=school.teacher.pk).update(language="es")
    audit = Audit()
    audit.visit(page, reverse("review_queue"), "review queue (es)")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.keyboard.press("?")
    audit.check(page, "review queue with its keyboard help (es)")
    audit.visit(page, reverse("preset_reasons"), "preset reasons (es)")
    ExtraPictures.objects.create(
        assignment=school.assignment, student=school.student, count=2, given_by=school.teacher
    )
    assignment_page = reverse("teacher_assignment", args=[school.assignment.pk])
    audit.visit(page, assignment_page, "assignment (es)")
    page.locator("#extra-pictures summary").click()
    audit.check(page, "assignment, extra pictures open (es)")
    _review_pages(page, audit, school)
    audit.assert_clean()


def test_a_students_new_decision_mark_passes_axe_in_both_languages(
    window: Window, school: School
) -> None:
    page = sign_in(window, school.student.username)
    audit = Audit()
    url = reverse("student_assignment", args=[school.assignment.pk])
    class_url = reverse("student_class", args=[school.classroom.pk])
    for language in ("", "es"):
        User.objects.filter(pk=school.student.pk).update(language=language)
        Generation.objects.filter(pk=school.pictures["rejected"].pk).update(
            decision_unseen=True, try_given_back=True
        )
        audit.visit(page, class_url, f"class with a new decision ({language or 'en'})")
        expect(page.locator("[data-new-decisions]")).to_have_count(1)
        audit.visit(page, url, f"assignment with a new decision ({language or 'en'})")
        expect(page.locator("[data-new-decision]")).to_have_count(1)
    audit.assert_clean()


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_roster_page_passes_axe_and_reflows_in_english_and_spanish(
    window: Window, school: School, language: str
) -> None:
    co_teacher = User.objects.create_user(
        username="mr_okafor", password=PASSWORD, role=User.Role.TEACHER, display_name="Mr Okafor"
    )
    school.classroom.teachers.add(co_teacher)
    old = Assignment.objects.create(classroom=school.classroom, title="Last term's dragons")
    old.archive()
    archived = Classroom.objects.create(name="Class 4A (last year)")
    archived.teachers.add(school.teacher)
    archived.archive()
    page = sign_in(window, school.teacher.username)
    User.objects.filter(pk=school.teacher.pk).update(language=language)  # from the next page
    audit = Audit()
    classroom, ana = school.classroom.pk, school.student.pk
    audit.visit(page, reverse("teacher_dashboard"), "dashboard with archived classes")
    expect(page.locator("html")).to_have_attribute("lang", language)
    page.locator("#archived-classes summary").click()
    audit.check(page, "archived classes open")
    audit.visit(page, reverse("teacher_class", args=[classroom]), "class with co-teacher")
    page.locator("#archived-assignments summary").click()
    audit.check(page, "archived assignments open")
    audit.visit(page, reverse("teacher_remove_student", args=[classroom, ana]), "remove?")
    audit.visit(page, reverse("teacher_rotate_join_code", args=[classroom]), "new code?")
    audit.visit(page, reverse("teacher_class_archive", args=[classroom]), "archive class?")
    audit.visit(
        page, reverse("teacher_assignment_archive", args=[school.assignment.pk]), "archive?"
    )
    audit.visit(
        page,
        reverse("teacher_remove_co_teacher", args=[classroom, co_teacher.pk]),
        "remove co-teacher?",
    )
    audit.visit(page, reverse("teacher_login_cards", args=[classroom]), "login cards")
    audit.visit(page, reverse("teacher_add_students", args=[classroom]), "add many students")
    page.locator("#id_names").fill("Lucía Gómez\nSam, ana\n")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("#roster-problems")).to_be_visible()
    audit.check(page, "add many students: a bad line")
    page.locator("#id_names").fill("Lucía Gómez\nTom Li, tomli\n")
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator(".card-password").first).to_be_visible()
    audit.check(page, "login cards with new passwords")
    audit.visit(page, reverse("teacher_assignment", args=[old.pk]), "archived assignment")
    audit.visit(page, reverse("teacher_class", args=[archived.pk]), "archived class")
    audit.visit(
        page, reverse("teacher_assignment_create", args=[classroom]), "cost of an assignment"
    )
    audit.assert_clean()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_class_book_pages_pass_axe_and_reflow(
    window: Window, school: School, language: str
) -> None:
    """Asking for a class book, one on its way (the progress bar), one ready, one failed."""
    exports = {
        state: Export.objects.create(
            assignment=school.assignment, teacher=school.teacher, kind=kind, source=source,
            language=language,
        )
        for state, kind, source in [
            ("ready", "book", "approved"), ("building", "zip", "approved"),
            ("failed", "zip", "turned_in"),
        ]
    }  # fmt: skip
    export_build(export_id=exports["ready"].pk)
    Export.objects.filter(pk=exports["building"].pk).update(state="building", progress=40)
    Export.objects.filter(pk=exports["failed"].pk).update(
        state="failed", error_message="Sorry, we could not make this file."
    )
    page = sign_in(window, school.teacher.username)
    if language == "es":
        page.get_by_label("Language").select_option("es")
        page.get_by_role("button", name="Change language").click()
        expect(page.locator("html")).to_have_attribute("lang", "es")
    audit = Audit()
    audit.visit(page, reverse("teacher_class_book", args=[school.assignment.pk]), "class book")
    for state, export in exports.items():
        audit.visit(page, reverse("teacher_export", args=[export.pk]), f"{state} export")
    audit.assert_clean()


def _admin_pages(superuser: User) -> list[tuple[str, str]]:
    """The staff pages we added, and the list and add pages of each of our models."""
    pages = [
        (reverse("admin:index"), "admin index"),
        (reverse("admin_check_provider"), "check provider"),
        (reverse("admin_disallow_list_import"), "disallow list import and export"),
        (reverse("admin_try_prompt"), "try a prompt"),
        (reverse("admin_default_lists"), "default lists"),
        (reverse("admin_usage_report"), "usage report"),
    ]
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if meta.app_label not in ("classrooms", "generation"):
            continue
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        pages.append((reverse(f"{prefix}_changelist"), str(meta.verbose_name)))
        if model_admin.has_add_permission(_request_by(superuser)):
            pages.append((reverse(f"{prefix}_add"), f"add {meta.verbose_name}"))
    return pages


def _request_by(user: User) -> HttpRequest:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _admin_signed_in(page: Page) -> User:
    principal = User.objects.create_superuser(
        username="principal", password=PASSWORD, email="", role=User.Role.ADMIN
    )
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("principal")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return principal


def test_every_admin_page_we_added_passes_axe_and_reflows(window: Window, school: School) -> None:
    principal = _admin_signed_in(window.page)
    page = window.page
    audit = Audit()
    audit.visit(page, reverse("admin:generation_safetysettings_changelist"), "safety settings")
    audit.visit(page, reverse("admin:generation_schoolbudget_changelist"), "school budget")
    for url, name in _admin_pages(principal):
        audit.visit(page, url, str(name))
    audit.visit(page, reverse("image", args=[school.pictures["approved"].pk]), "picture")
    # The privacy action's confirmation page, as an admin reaches it from the user list.
    page.goto(reverse("admin:classrooms_user_changelist"))
    page.get_by_role("row", name="ben").get_by_role("checkbox").check()
    erase = "Privacy: erase one student's data and account"
    page.locator("select[name=action]").select_option(label=erase)
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="Erase this student's data?")).to_be_visible()
    audit.check(page, "erase a student's data")
    principal.language = "es"
    principal.save(update_fields=["language"])
    audit.visit(page, reverse("admin_usage_report"), "usage report (es)")
    audit.assert_clean()


def test_a_metaprompts_page_and_its_save_anyway_step_pass_axe_and_reflow_in_both_languages(
    window: Window,
) -> None:
    principal = _admin_signed_in(window.page)
    page = window.page
    audit = Audit()
    first = Metaprompt.objects.get()
    for language, heading, save_anyway in [
        ("en", "Save this metaprompt without its safety parts?", "Save anyway"),
        ("es", "¿Guardar este metaprompt sin sus partes de seguridad?", "Guardar de todos modos"),
    ]:
        principal.language = language
        principal.save(update_fields=["language"])
        audit.visit(
            page,
            reverse("admin:generation_metaprompt_change", args=[first.pk]),
            f"metaprompt version ({language})",
        )
        page.locator("textarea[name=text]").fill("Make pictures for children.\nBe kind.")
        page.locator("input[name=_save]").click()
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        audit.check(page, f"save a metaprompt anyway ({language})")
        page.get_by_role("button", name=save_anyway).click()
        expect(page.locator("td.field-status").first).to_be_visible()
        audit.check(page, f"metaprompts with one in use ({language})")
    audit.assert_clean()
    # What the browser posted from the second step is what was written, line breaks too.
    assert Metaprompt.objects.get(version=2).text == "Make pictures for children.\r\nBe kind."
    assert Metaprompt.objects.filter(text=first.text).count() == 1


@pytest.mark.urls("tests.error_urls")
def test_every_error_page_passes_axe_and_reflows(
    window: Window, school: School, settings: object
) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    audit = Audit()
    page = window.page
    audit.visit(page, "/no-such-page/", "404", status=404)
    audit.visit(page, "/bad-request/", "400", status=400)
    audit.visit(page, "/broken/", "500", status=500)
    sign_in(window, school.student.username)
    audit.visit(page, reverse("teacher_dashboard"), "403", status=403)
    audit.assert_clean()
