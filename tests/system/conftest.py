"""What the browser tests share: one Chromium per module, and a live server that is safe
to query from Playwright's thread and listens on 127.0.0.1 only."""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from tests.conftest import require_service
from tests.support.browser import CHROMIUM, chromium

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
