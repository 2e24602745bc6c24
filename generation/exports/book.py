"""The printable class book (PDF, ReportLab): a cover with the class, the assignment and
the date, then a page per picture with the student's first name, their caption and the
mark saying how it was made ("Made with AI", or the offline preview's "not AI").

Each picture is read, downscaled and re-encoded as a JPEG one at a time, so memory grows
only with the compressed pages, never with a class's worth of decoded pictures. The words
are in the active language (the caller turns the teacher's on)."""

import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

import reportlab
from django.core.files.storage import default_storage
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from PIL import Image
from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from generation.selectors.exports import ExportPicture

Progress = Callable[[int, int], None]  # (pictures done, pictures in all)

MADE_WITH_AI = _("Made with AI")
NOT_AI = _("Offline preview, not AI")
CREATOR = "Edu4All"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 48.0
# The picture's box: the page's width inside the margins, square, at the top.
PICTURE_BOX = PAGE_WIDTH - 2 * MARGIN
# About 150 dpi across the box, sharp enough on paper; a 1024 px original is kept as it is.
PICTURE_MAX_PX = 1024
JPEG_QUALITY = 85
INK = HexColor("#1f2937")
MUTED = HexColor("#4b5563")
AI_MARK_FILL = HexColor("#1e3a8a")
NOT_AI_FILL = HexColor("#fef3c7")

# Fonts that carry every Spanish letter (á, é, í, ó, ú, ü, ñ, ¿, ¡) and more: DejaVu where
# the system has it (wider coverage, for names from any language), else Bitstream Vera,
# which ships inside ReportLab itself, so the book never depends on the machine.
_FONT_CHOICES = (
    (
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
        Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ),
    (
        Path(reportlab.__file__).parent / "fonts" / "Vera.ttf",
        Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf",
    ),
)
FONT, BOLD = "BookSans", "BookSans-Bold"

# Pictures go into the PDF as binary, not ASCII85 text: a quarter smaller, and without
# ReportLab's optional C accelerator its encoder is pure Python (a second per picture).
# ReportLab is used only here, so the library-wide switch is ours to set.
rl_config.useA85 = 0


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    regular, bold = next(pair for pair in _FONT_CHOICES if pair[0].is_file() and pair[1].is_file())
    pdfmetrics.registerFont(TTFont(FONT, str(regular)))
    pdfmetrics.registerFont(TTFont(BOLD, str(bold)))


@dataclass(frozen=True)
class Cover:
    classroom: str
    assignment: str


def _style(
    size: float, *, bold: bool = False, color: Color = INK, center: bool = False
) -> ParagraphStyle:
    return ParagraphStyle(
        name=f"s{size}{bold}",
        fontName=BOLD if bold else FONT,
        fontSize=size,
        leading=size * 1.25,
        textColor=color,
        alignment=1 if center else 0,
    )


def _paragraph(canvas: Canvas, text: str, style: ParagraphStyle, *, top: float) -> float:
    """Draw wrapped text from `top` down; return where it ended."""
    paragraph = Paragraph(escape(text), style)
    _width, height = paragraph.wrap(PAGE_WIDTH - 2 * MARGIN, PAGE_HEIGHT)
    paragraph.drawOn(canvas, MARGIN, top - height)
    return top - height


def _cover(canvas: Canvas, cover: Cover, count: int) -> None:
    top = PAGE_HEIGHT * 0.68
    top = _paragraph(canvas, cover.assignment, _style(30, bold=True, center=True), top=top)
    top = _paragraph(canvas, cover.classroom, _style(20, center=True), top=top - 18)
    today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    top = _paragraph(canvas, today, _style(14, color=MUTED, center=True), top=top - 14)
    pictures = ngettext("%(count)s picture", "%(count)s pictures", count) % {"count": count}
    _paragraph(canvas, pictures, _style(14, color=MUTED, center=True), top=top - 6)
    _footer(canvas, CREATOR)
    canvas.showPage()


def _footer(canvas: Canvas, text: str) -> None:
    canvas.setFont(FONT, 9)
    canvas.setFillColor(MUTED)
    canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN / 2, text)


def picture_jpeg(name: str, folder: Path) -> tuple[Path, int, int]:
    """The stored picture as a JPEG file of at most PICTURE_MAX_PX a side, and its size.

    ReportLab embeds a JPEG *file* as it is and keeps only its bytes; handed a decoded
    picture instead, it would keep every page's raw pixels until the book is saved."""
    with default_storage.open(name, "rb") as stored, Image.open(stored) as opened:
        opened.thumbnail((PICTURE_MAX_PX, PICTURE_MAX_PX))
        picture: Image.Image = opened
        if picture.mode in ("RGBA", "LA", "P"):
            # Transparent parts print as the paper's white, not as black.
            picture = picture.convert("RGBA")
            flat = Image.new("RGB", picture.size, "white")
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        else:
            picture = picture.convert("RGB")
        path = folder / f"{uuid.uuid4().hex}.jpg"
        picture.save(path, format="JPEG", quality=JPEG_QUALITY)
        width, height = picture.size
    return path, width, height


def picture_box(width: int, height: int) -> tuple[float, float, float, float]:
    """Where a picture of this shape sits on its page: x, y, width, height in points."""
    scale = min(PICTURE_BOX / width, PICTURE_BOX / height)
    drawn_width, drawn_height = width * scale, height * scale
    x = (PAGE_WIDTH - drawn_width) / 2
    y = PAGE_HEIGHT - MARGIN - drawn_height
    return x, y, drawn_width, drawn_height


def _mark(canvas: Canvas, made_by_ai: bool, *, top: float) -> None:
    text = str(MADE_WITH_AI if made_by_ai else NOT_AI)
    size = 11
    width = pdfmetrics.stringWidth(text, BOLD, size) + 20
    height = size + 12
    canvas.setFillColor(AI_MARK_FILL if made_by_ai else NOT_AI_FILL)
    canvas.setStrokeColor(AI_MARK_FILL if made_by_ai else INK)
    canvas.roundRect(MARGIN, top - height, width, height, 6, stroke=1, fill=1)
    canvas.setFillColor(white if made_by_ai else INK)
    canvas.setFont(BOLD, size)
    canvas.drawString(MARGIN + 10, top - height + 7, text)


def _picture_page(canvas: Canvas, picture: ExportPicture, footer: str, folder: Path) -> None:
    path, width, height = picture_jpeg(picture.image_name or picture.thumbnail_name, folder)
    x, y, drawn_width, drawn_height = picture_box(width, height)
    canvas.drawImage(str(path), x, y, drawn_width, drawn_height)
    path.unlink()  # read into the page already
    top = _paragraph(canvas, picture.first_name, _style(22, bold=True), top=y - 18)
    if picture.caption:
        top = _paragraph(canvas, picture.caption, _style(14), top=top - 6)
    _mark(canvas, picture.made_by_ai, top=top - 12)
    _footer(canvas, footer)
    canvas.showPage()


def write_book(
    out: BinaryIO, *, cover: Cover, pictures: list[ExportPicture], progress: Progress
) -> None:
    _register_fonts()
    canvas = Canvas(out, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{cover.assignment} · {cover.classroom}")
    canvas.setAuthor(cover.classroom)
    canvas.setCreator(CREATOR)
    _cover(canvas, cover, len(pictures))
    total_pages = len(pictures) + 1
    with tempfile.TemporaryDirectory(prefix="edu4all-book-") as folder:
        _pages(canvas, cover, pictures, progress, folder=folder, total_pages=total_pages)
    canvas.save()


def _pages(
    canvas: Canvas,
    cover: Cover,
    pictures: list[ExportPicture],
    progress: Progress,
    *,
    folder: str,
    total_pages: int,
) -> None:
    for number, picture in enumerate(pictures, start=1):
        footer = gettext("%(assignment)s · page %(page)s of %(pages)s") % {
            "assignment": cover.assignment,
            "page": number + 1,
            "pages": total_pages,
        }
        _picture_page(canvas, picture, footer, Path(folder))
        progress(number, len(pictures))
