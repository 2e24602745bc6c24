"""Moving through a page with the keyboard alone, as a child who cannot use a mouse does:
Tab (and Shift+Tab) until the wanted control has the focus."""

from playwright.sync_api import Locator, Page

# More stops than any of our pages has before its main form.
MAX_TABS = 80


def has_focus(locator: Locator) -> bool:
    return bool(locator.evaluate("el => el === document.activeElement"))


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab until `target` has the focus; fail saying where the focus went instead."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        if has_focus(target):
            return
        seen.append(
            page.evaluate(
                "() => { const el = document.activeElement; return el.tagName + ' '"
                " + (el.getAttribute('aria-label') || el.textContent || el.name || '')"
                ".trim().slice(0, 40); }"
            )
        )
    raise AssertionError(f"Tab never reached {target}; it went through: {seen}")
