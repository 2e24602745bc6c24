"""Headless Chromium for end-to-end tests: one browser, a separate window per person.

Each person gets their own browser context (their own cookies), so a teacher and a
student can be signed in side by side, as in a real classroom. Every window is fenced
in to the live server on 127.0.0.1: a request anywhere else is aborted and recorded.
"""

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Route,
    ViewportSize,
    expect,
    sync_playwright,
)

ROOT = Path(__file__).resolve().parents[2]
# Debian's Chromium (`make test` installs it), or any other named by CHROMIUM_PATH.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
PASSWORD = "pass-word-123"
# A normal run keeps its screenshots out of the tree; `make screenshots` refreshes the
# README's copies in docs/screenshots/.
SCREENSHOTS = Path(os.environ.get("EDU4ALL_SCREENSHOTS_DIR", ROOT / "var" / "screenshots"))
_NOT_THE_LIVE_SERVER = re.compile(r"^(?!http://127\.0\.0\.1:\d+/)")


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Window:
    """One person's browser window, and anything that went wrong in it."""

    page: Page
    context: BrowserContext
    script_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.context.close()


def open_window(browser: Browser, base_url: str) -> Window:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT)
    window = Window(page=context.new_page(), context=context)

    def refuse(route: Route) -> None:
        window.outside_requests.append(route.request.url)
        route.abort()

    context.route(_NOT_THE_LIVE_SERVER, refuse)
    window.page.on("pageerror", lambda error: window.script_errors.append(str(error)))
    return window


def sign_in(window: Window, username: str, password: str = PASSWORD) -> Page:
    page = window.page
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def wait_until(page: Page, function: str, arg: object = None, timeout: float = 10_000) -> None:
    """Wait until the JavaScript function returns something true, asking from outside the page.

    Playwright's own wait_for_function, given an expression, polls it inside the page with
    eval(), which our Content-Security-Policy refuses (no 'unsafe-eval') whenever the first
    try is false; page.evaluate() goes through the DevTools protocol, which it does not stop.
    """
    deadline = time.monotonic() + timeout / 1000
    while not page.evaluate(function, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout / 1000:.0f} s: {function}")
        page.wait_for_timeout(50)


def expect_image_loaded(image: Locator, timeout: float = 10_000) -> None:
    """The <img> is on the page and its picture really arrived (not a broken icon)."""
    expect(image).to_be_visible(timeout=timeout)
    wait_until(
        image.page,
        "img => img.complete && img.naturalWidth > 0",
        arg=image.element_handle(),
        timeout=timeout,
    )


def qr_codes_drawn(page: Page) -> int:
    """How many login cards on the page carry a QR code really drawn (an inline SVG with
    its path, wider than a smudge)."""
    return int(
        page.evaluate(
            "() => Array.from(document.querySelectorAll('.login-card svg[role=img]'))"
            ".filter(svg => svg.getBoundingClientRect().width > 50 && svg.querySelector('path'))"
            ".length"
        )
    )


ALL_IMAGES_LOADED = "() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)"


def screenshot(page: Page, name: str) -> Path:
    """A full-page picture for the README, taken once every image on the page has loaded."""
    wait_until(page, ALL_IMAGES_LOADED)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=path, full_page=True)
    return path
