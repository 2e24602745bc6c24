"""Error pages a child may read: kind, branded, with a way back; as in production."""

import pytest
from django.test import Client

from classrooms.models import User

pytestmark = pytest.mark.django_db

WAY_BACK = 'href="/"'


@pytest.fixture(autouse=True)
def production(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]


def assert_kind_page(response: object, status: int, heading: str) -> None:
    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == status  # type: ignore[attr-defined]
    assert "Edu<span>4</span>All" in body  # the site's own header
    assert heading in body
    assert WAY_BACK in body
    assert "Traceback" not in body


def test_a_missing_page_is_a_friendly_404(client: Client) -> None:
    assert_kind_page(client.get("/no-such-page/"), 404, "We could not find that page")


def test_a_student_on_a_teachers_page_gets_a_friendly_403(client: Client, student: User) -> None:
    client.force_login(student)
    response = client.get("/teach/")
    assert_kind_page(response, 403, "This page is not for you")
    assert "Sign out" in response.content.decode()  # still one click away


def test_a_bad_request_is_a_friendly_400(client: Client) -> None:
    response = client.get("/accounts/login/", HTTP_HOST="not-our-site.example")
    assert_kind_page(response, 400, "Something was not quite right")


@pytest.mark.urls("tests.error_urls")
def test_a_bug_is_a_friendly_500_that_shows_nothing_technical() -> None:
    response = Client(raise_request_exception=False).get("/broken/")
    assert_kind_page(response, 500, "Oops, something went wrong")
    assert "secret_key" not in response.content.decode()


def test_a_form_sent_without_its_csrf_token_is_a_friendly_403(student: User) -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "ana", "password": "pass-word-123"}
    )
    assert_kind_page(response, 403, "This page was open for a long time")
    assert "CSRF" not in response.content.decode()
