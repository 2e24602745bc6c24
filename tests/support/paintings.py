"""What the browser painter posts as `painted_area`, made in tests: a data URL of a
transparent canvas with opaque strokes."""

import base64
import io

from PIL import Image, ImageDraw


def png(image: Image.Image, format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


def data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def painting(size: tuple[int, int], *boxes: tuple[int, int, int, int], alpha: int = 255) -> str:
    """A transparent canvas of `size` with these rectangles painted, as a data URL."""
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    for box in boxes:
        draw.rectangle(box, fill=(255, 64, 64, alpha))
    return data_url(png(canvas))
