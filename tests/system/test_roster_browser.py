"""Running the roster in a real browser: Ms Rivera adds students from a pasted list and
prints their login cards (a QR code on each), removes Ben after being asked, the live
cost box follows the pictures per student, and a class is archived and restored."""

import pytest
from playwright.sync_api import expect

from classrooms.models import Assignment, Classroom, User
from tests.support.browser import PASSWORD, Window, qr_codes_drawn, screenshot, sign_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def classroom() -> Classroom:
    teacher = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    ben = User.objects.create_user(
        username="ben", password=PASSWORD, role=User.Role.STUDENT, display_name="Ben"
    )
    classroom = Classroom.objects.create(name="Class 5B")
    classroom.teachers.add(teacher)
    classroom.students.add(ben)
    Assignment.objects.create(classroom=classroom, title="Castles", created_by=teacher)
    return classroom


def test_a_teacher_adds_students_prints_cards_removes_one_and_archives_the_class(
    window: Window, classroom: Classroom
) -> None:
    page = sign_in(window, "ms_rivera")
    page.goto(f"/teach/classes/{classroom.pk}/")

    # Many students at once, then their cards, printed.
    page.get_by_role("link", name="Add many students").click()
    page.get_by_label("Names, one on each line").fill("Lucía Gómez\nTom Li\n")
    page.get_by_role("button", name="Add students").click()
    expect(page.get_by_role("status")).to_contain_text("2 students are in the class now")
    assert classroom.students.count() == 3
    expect(page.locator(".login-card")).to_have_count(2)
    expect(page.locator(".card-username")).to_have_text(["lucia_gomez", "tom_li"])
    assert qr_codes_drawn(page) == 2
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print the cards")).to_be_hidden()
    assert qr_codes_drawn(page) == 2
    page.emulate_media(media="screen")
    screenshot(page, "teacher-login-cards.png")

    # The class's cards later: everyone, and the QR code of the sign-in page.
    page.goto(f"/teach/classes/{classroom.pk}/")
    page.get_by_role("link", name="Print login cards").click()
    expect(page.locator(".login-card")).to_have_count(3)
    assert qr_codes_drawn(page) == 3

    # Removing Ben asks first; cancelling keeps him.
    page.goto(f"/teach/classes/{classroom.pk}/")
    page.locator("#students-heading ~ div").get_by_role("link", name="Remove Ben").click()
    expect(page.get_by_role("heading", name="Remove Ben from Class 5B?")).to_be_visible()
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("row", name="Ben")).to_be_visible()
    page.get_by_role("link", name="Remove Ben").click()
    page.get_by_role("button", name="Remove from class").click()
    expect(page.locator(".messages")).to_contain_text("Ben is no longer in this class.")
    expect(page.get_by_role("row", name="Ben")).to_have_count(0)
    assert not classroom.students.filter(username="ben").exists()

    # The assignment form's most-it-can-cost follows the pictures per student.
    page.get_by_role("link", name="New assignment").click()
    expect(page.locator("#most-cost")).to_contain_text("2 students")
    page.get_by_label("Images per student").fill("7")
    wait_until(
        page, "() => document.querySelector('[data-most-cost-pictures]').textContent === '7'"
    )

    # Archive, find it under Archived classes, restore.
    page.goto(f"/teach/classes/{classroom.pk}/")
    page.get_by_role("link", name="Archive class").click()
    page.get_by_role("button", name="Archive class").click()
    expect(page.locator(".messages")).to_contain_text("Class archived.")
    expect(page.locator(".grid")).not_to_contain_text("Class 5B")
    page.locator("#archived-classes summary").click()
    page.locator("#archived-classes").get_by_role("link", name="Class 5B").click()
    expect(page.locator("#archived-note")).to_be_visible()
    expect(page.get_by_role("link", name="New assignment")).to_have_count(0)
    page.get_by_role("button", name="Restore class").click()
    expect(page.locator(".messages")).to_contain_text("Class restored.")
    expect(page.get_by_role("link", name="New assignment")).to_be_visible()
    classroom.refresh_from_db()
    assert not classroom.is_archived
