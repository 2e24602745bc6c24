"""Reflow (WCAG 1.4.10): at a phone's width, at 320 CSS pixels and at 200% zoom (a 640
pixel wide window is 200% of 1280), a page must not scroll sideways."""

from playwright.sync_api import Page, ViewportSize

PHONE: ViewportSize = {"width": 390, "height": 844}
NARROWEST: ViewportSize = {"width": 320, "height": 640}
ZOOMED_200: ViewportSize = {"width": 640, "height": 400}
WIDTHS = (PHONE, NARROWEST, ZOOMED_200)

_TOO_WIDE = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  // Name the outermost elements that stick out (not those inside a box that scrolls on
  // its own), so a failure says what to fix.
  const sticksOut = el => el.getBoundingClientRect().right > width + 1;
  const scrollsOnItsOwn = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const overflow = getComputedStyle(up).overflowX;
      if (["auto", "scroll", "hidden", "clip"].includes(overflow)) return true;
    }
    return false;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className.trim()
       ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const culprits = Array.from(document.body.querySelectorAll("*"))
    .filter(el => sticksOut(el) && !scrollsOnItsOwn(el))
    .filter(el => el.parentElement === document.body || !sticksOut(el.parentElement));
  const found = culprits.slice(0, 5).map(
    el => name(el) + " (right edge " + Math.round(el.getBoundingClientRect().right) + ")");
  return found.length ? found : ["scrollWidth " + document.documentElement.scrollWidth];
}"""


def sideways_scrolling(page: Page) -> list[str]:
    """For each narrow window in which the page scrolls sideways, what sticks out."""
    before = page.viewport_size
    found = []
    try:
        for size in WIDTHS:
            page.set_viewport_size(size)
            wider = page.evaluate(_TOO_WIDE)
            if wider:
                found.append(f"at {size['width']}px wide: " + ", ".join(wider))
    finally:
        if before:
            page.set_viewport_size(before)
    return found
