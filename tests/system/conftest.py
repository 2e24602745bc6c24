"""What the browser tests share: one Chromium per module, and a live server that is safe
to query from Playwright's thread and listens on 127.0.0.1 only."""

import os
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page
from pytest_django.live_server_helper import LiveServer

from classrooms.models import User
from tests.conftest import require_service
from tests.support.browser import CHROMIUM, Window, chromium, open_window, sign_in

# Playwright's sync API keeps an event loop running in this thread, and Django refuses
# database calls from a thread with a running loop unless told it is safe. It is: the
# loop only drives the browser, and the test's own queries run one at a time.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# The live server listens on 127.0.0.1 only, never on every interface.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture(scope="module")
def chromium_browser() -> Iterator[Browser]:
    require_service(CHROMIUM.exists(), f"Chromium at {CHROMIUM}")
    with chromium() as browser:
        yield browser


@pytest.fixture
def window(chromium_browser: Browser, live_server: LiveServer) -> Iterator[Window]:
    """One person's window on the live server; the test fails if a script on any page
    broke or a page asked for anything beyond the live server."""
    opened = open_window(chromium_browser, live_server.url)
    yield opened
    opened.close()
    assert opened.script_errors == []
    assert opened.outside_requests == []


@pytest.fixture
def signed_in(
    chromium_browser: Browser, live_server: LiveServer
) -> Iterator[Callable[[User], tuple[Window, Page]]]:
    """`signed_in(person)` opens a window of their own, signed in; at the end every window
    is closed, and none may have had a script error or asked for anything off the site."""
    opened: list[Window] = []

    def open_as(person: User) -> tuple[Window, Page]:
        window = open_window(chromium_browser, live_server.url)
        opened.append(window)
        return window, sign_in(window, person.username)

    yield open_as
    for window in opened:
        window.close()
        assert window.script_errors == []
        assert window.outside_requests == []
