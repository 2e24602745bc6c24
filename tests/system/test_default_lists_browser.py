"""An admin switches a default list on for the school, and a teacher one on for a class,
in a real browser; the class's safety page keeps a list's words hidden until opened."""

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from classrooms.models import Classroom, User
from generation.models import SafetyAuditEntry
from generation.safety import check_prompt
from tests.support.browser import PASSWORD, open_window, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]


def test_an_admin_and_a_teacher_switch_default_lists_in_the_browser(
    chromium_browser: Browser, live_server: LiveServer
) -> None:
    User.objects.create_superuser(
        username="principal", password=PASSWORD, email="", role=User.Role.ADMIN
    )
    teacher = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER
    )
    classroom = Classroom.objects.create(name="Class 5B")
    classroom.teachers.add(teacher)
    other = Classroom.objects.create(name="Class 6A")

    admin_window = open_window(chromium_browser, live_server.url)
    page = admin_window.page
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("principal")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Default lists").first.click()
    page.get_by_label("Profanity").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Switched on: none. Switched off: Profanity.")).to_be_visible()
    expect(page.get_by_label("Profanity")).not_to_be_checked()
    assert check_prompt("what the crap").allowed
    admin_window.close()

    window = open_window(chromium_browser, live_server.url)
    page = sign_in(window, teacher.username)
    page.goto(reverse("teacher_safety_log", args=[classroom.pk]))
    words = page.locator("#words-violence")
    english = words.locator("p[lang=en]")
    expect(english).to_be_hidden()
    words.locator("summary").click()
    expect(english).to_be_visible()
    expect(english).to_contain_text("serial killer")
    page.get_by_role("button", name="Switch “Drugs, alcohol and smoking” on in this class").click()
    expect(
        page.get_by_text("“Drugs, alcohol and smoking” is now on in this class.")
    ).to_be_visible()
    expect(page.locator("#category-drugs").get_by_text("On in this class")).to_be_visible()
    assert not check_prompt("a glass of beer", classroom=classroom).allowed
    assert check_prompt("a glass of beer", classroom=other).allowed
    assert SafetyAuditEntry.objects.filter(classroom=classroom).count() == 1
    window.close()
    assert window.script_errors == [] and window.outside_requests == []
