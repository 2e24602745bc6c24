"""axe-core in the browser tests: run Deque's engine (bundled by axe-playwright-python) on
the page as it stands, and fail with every WCAG 2.0/2.1/2.2 A and AA violation spelled
out (its rule, impact, the elements and what would fix it)."""

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA; axe's best practices are not
# success criteria and are left out.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": WCAG_AA_TAGS},
    "resultTypes": ["violations"],
}

NODES_SHOWN = 4

_axe = Axe()


def violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on the page now, as axe reports them."""
    return list(_axe.run(page, options=OPTIONS).response["violations"])


def describe(violations: list[dict[str, Any]], where: str = "") -> str:
    """One line per violation and one per element, readable in a failed test's output."""
    lines = []
    for violation in violations:
        lines.append(
            f"{where}{violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        nodes = violation["nodes"]
        for node in nodes[:NODES_SHOWN]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {target}: {summary[:300]}")
        if len(nodes) > NODES_SHOWN:
            lines.append(f"    ... and {len(nodes) - NODES_SHOWN} more elements")
    return "\n".join(lines)


def assert_no_violations(page: Page) -> None:
    """Fail the test with axe-core's report if the page breaks any WCAG A or AA rule."""
    found = violations(page)
    assert found == [], "axe-core found on " + page.url + ":\n" + describe(found)
