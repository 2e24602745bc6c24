"""QR codes for printed login cards, drawn by segno as inline SVG (no image files)."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(address: str, *, title: str) -> SafeString:
    """An inline SVG QR code of `address`, announced as a picture with `title`."""
    code = segno.make(address, error="m")
    # segno writes the matrix itself and escapes the title, so the markup is safe.
    svg = code.svg_inline(scale=3, border=2, svgclass="qr", title=title)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))
