"""In Chromium: a picture says it was made with AI, and a student can read the site in
Spanish. Also the README's screenshots of both (`make screenshots`)."""

import pytest
from playwright.sync_api import expect

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from tests.support.browser import (
    PASSWORD,
    Window,
    expect_image_loaded,
    screenshot,
    sign_in,
)
from tests.support.factories import finished_generation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lucia(db: None) -> User:
    return User.objects.create_user(
        username="lucia", password=PASSWORD, role=User.Role.STUDENT, display_name="Lucía"
    )


@pytest.fixture
def volcanoes(lucia: User) -> Assignment:
    clase = Classroom.objects.create(name="Clase 4A")
    clase.students.add(lucia)
    return Assignment.objects.create(
        classroom=clase, title="Volcanes", instructions="Dibuja un volcán en otro planeta."
    )


def test_a_picture_from_the_image_service_says_made_with_ai_beside_it(
    window: Window, lucia: User, volcanoes: Assignment
) -> None:
    drawn = finished_generation(
        student=lucia, assignment=volcanoes, prompt="a friendly volcano on Mars", size="1024x1024"
    )
    Generation.objects.filter(pk=drawn.pk).update(provider="openai", model="gpt-image-2")
    page = sign_in(window, "lucia")

    page.goto(f"/images/{drawn.pk}/")

    mark = page.locator("[data-ai-mark]").first
    expect(mark).to_have_text("Made with AI")
    expect(mark).to_be_visible()
    expect_image_loaded(page.locator("img.big-image"))
    screenshot(page, "student-picture-made-with-ai.png")


def test_a_student_switches_to_spanish_and_her_assignment_speaks_spanish(
    window: Window, lucia: User, volcanoes: Assignment
) -> None:
    finished_generation(
        student=lucia, assignment=volcanoes, prompt="un volcán amable en Marte", size="1024x1024"
    )
    page = sign_in(window, "lucia")

    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change language").click()
    page.goto(f"/assignments/{volcanoes.pk}/")

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    expect(page.locator("[data-ai-mark]").first).to_be_visible()
    lucia.refresh_from_db()
    assert lucia.language == "es"
    screenshot(page, "student-assignment-es.png")
