"""The browser tests wait for a page the way our Content-Security-Policy allows.

The site sends `script-src 'self'` with no 'unsafe-eval'. Given an expression (not a
function), Playwright's wait_for_function evaluates it again with eval() inside the page
on every poll, so a wait whose first try was false failed (a README screenshot taken
before its pictures had loaded); wait_until asks from outside the page instead.
"""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Error
from pytest_django.live_server_helper import LiveServer

from tests.support.browser import Window, open_window, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BECOMES_READY = "() => { setTimeout(() => { window.ready = true; }, 300); }"
IS_READY = "() => window.ready === true"


@pytest.fixture
def window(chromium_browser: Browser, live_server: LiveServer) -> Iterator[Window]:
    opened = open_window(chromium_browser, live_server.url)
    yield opened
    opened.close()


def test_a_wait_that_starts_false_outlasts_the_pages_policy(window: Window) -> None:
    page = window.page
    response = page.goto("/accounts/login/")
    assert response is not None
    assert "'unsafe-eval'" not in response.headers["content-security-policy"]

    page.evaluate(BECOMES_READY)
    wait_until(page, IS_READY)

    assert page.evaluate(IS_READY) is True


def test_playwrights_own_polling_is_what_the_policy_refuses(window: Window) -> None:
    page = window.page
    page.goto("/accounts/login/")

    page.evaluate(BECOMES_READY)
    with pytest.raises(Error, match="unsafe-eval"):
        page.wait_for_function("window.ready === true", timeout=2_000)


def test_a_wait_that_never_comes_true_says_what_it_waited_for(window: Window) -> None:
    page = window.page
    page.goto("/accounts/login/")

    with pytest.raises(AssertionError, match="window.never"):
        wait_until(page, "() => window.never === true", timeout=300)
