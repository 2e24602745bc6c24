"""Turning a picture in, in a real browser: Ana finds the caption field by its label,
turns her approved picture in, takes it back and picks another; Ms Rivera sees it."""

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation, TurnIn
from tests.support.browser import PASSWORD, Window, open_window, sign_in
from tests.support.factories import finished_generation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(
    chromium_browser: Browser, live_server: LiveServer
) -> Iterator[Callable[[User], tuple[Window, Page]]]:
    opened: list[Window] = []

    def open_as(person: User) -> tuple[Window, Page]:
        window = open_window(chromium_browser, live_server.url)
        opened.append(window)
        return window, sign_in(window, person.username)

    yield open_as
    for window in opened:
        window.close()


@pytest.fixture
def lesson() -> tuple[User, User, Assignment]:
    teacher = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    ana = User.objects.create_user(
        username="ana", password=PASSWORD, role=User.Role.STUDENT, display_name="Ana"
    )
    classroom = Classroom.objects.create(name="Class 5B")
    classroom.teachers.add(teacher)
    classroom.students.add(ana)
    assignment = Assignment.objects.create(classroom=classroom, title="Castles", created_by=teacher)
    return teacher, ana, assignment


def test_a_student_turns_in_takes_back_and_picks_another_and_the_teacher_sees_it(
    signed_in: Callable[[User], tuple[Window, Page]], lesson: tuple[User, User, Assignment]
) -> None:
    teacher, ana, assignment = lesson
    first, second = (
        finished_generation(
            student=ana, assignment=assignment, status=Generation.Status.APPROVED, prompt=prompt
        )
        for prompt in ("a castle of sand", "a castle of ice")
    )
    window, page = signed_in(ana)
    page.goto(f"/assignments/{assignment.pk}/")
    section = page.locator("#turn-in")
    expect(section.locator("#turn-in-count")).to_have_text("You have turned in 0 of 1.")

    form = page.locator(f"#turn-in-form-{first.pk}")
    form.get_by_label("Why I chose it").fill("The sand looks real")
    # A double click sends the form once (and a second post would change nothing).
    form.get_by_role("button", name="Turn in this picture").dblclick()

    expect(page.locator(".messages")).to_contain_text("You turned in your picture.")
    expect(section.locator("#turn-in-count")).to_have_text("You have turned in 1 of 1.")
    expect(page.locator(f"#turned-in-{first.pk}")).to_contain_text("The sand looks real")
    assert TurnIn.objects.count() == 1

    page.locator(f"#turned-in-{first.pk}").get_by_role("button", name="Take back").click()
    expect(page.locator(".messages")).to_contain_text("You took your picture back.")
    form = page.locator(f"#turn-in-form-{second.pk}")
    form.get_by_label("Why I chose it").fill("Ice is my favourite")
    form.get_by_role("button", name="Turn in this picture").click()
    expect(page.locator(f"#turned-in-{second.pk}")).to_contain_text("Ice is my favourite")
    assert list(TurnIn.objects.values_list("generation", flat=True)) == [second.pk]

    _teacher_window, teacher_page = signed_in(teacher)
    teacher_page.goto(f"/teach/assignments/{assignment.pk}/")
    expect(teacher_page.locator("#turn-ins-count")).to_have_text("1 of 1 turned in")
    row = teacher_page.locator(f"#turn-ins-student-{ana.pk}")
    expect(row).to_contain_text("Ice is my favourite")
    expect(row.get_by_role("link", name="The picture Ana turned in")).to_have_attribute(
        "href", f"/images/{second.pk}/"
    )
    assert window.script_errors == [] and window.outside_requests == []
