"""The printable class book: its pages rendered to pictures (pypdfium2) show a cover, then
each picture where it belongs with its student's first name, caption and mark."""

import io

import pypdfium2
from django.core.files.storage import default_storage
from PIL import Image

from classrooms.models import Assignment, User
from generation.exports.book import PAGE_HEIGHT, picture_box
from generation.exports.models import Export
from generation.services.exports import export_build, export_start
from tests.generation.exports.conftest import BLUE, GREEN, RED, solid_picture, turned_in


def book_of(teacher: User, assignment: Assignment, source: str = "approved") -> bytes:
    export = export_start(
        teacher=teacher, assignment=assignment, kind=Export.Kind.BOOK, source=source
    )
    export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.state == Export.State.READY, export.error_detail
    with default_storage.open(export.file.name, "rb") as stored:
        return stored.read()


def pages(pdf: bytes) -> tuple[list[Image.Image], list[str]]:
    """Each page as a picture at 1 px a point, and its text."""
    document = pypdfium2.PdfDocument(pdf)
    images, texts = [], []
    for page in document:
        images.append(page.render(scale=1).to_pil().convert("RGB"))
        texts.append(page.get_textpage().get_text_range())
    return images, texts


def colour_at_picture(page: Image.Image, size: tuple[int, int]) -> tuple[int, int, int]:
    """The colour in the middle of where a picture of this size is placed."""
    x, y, width, height = picture_box(*size)
    top = PAGE_HEIGHT - y - height  # PDF counts from the bottom, pictures from the top
    return page.getpixel((int(x + width / 2), int(top + height / 2)))  # type: ignore[return-value]


def near(found: tuple[int, int, int], wanted: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 12 for a, b in zip(found, wanted, strict=True))


def non_white_share(page: Image.Image) -> float:
    grey = page.convert("L")
    histogram = grey.histogram()
    return 1 - sum(histogram[245:]) / (grey.width * grey.height)


def test_class_book_has_a_cover_then_each_picture_on_its_own_page(
    teacher: User, student: User, maria: User, classmate: User, assignment: Assignment
) -> None:
    ana = solid_picture(student=student, assignment=assignment, colour=RED)
    turned_in(ana, "I love the red balloon")
    solid_picture(student=maria, assignment=assignment, colour=GREEN, provider="offline")
    solid_picture(student=classmate, assignment=assignment, colour=BLUE, size=(384, 256))

    images, texts = pages(book_of(teacher, assignment))

    assert len(images) == 4
    cover = texts[0]
    assert assignment.title in cover and "Class 5B" in cover and "3 pictures" in cover
    assert non_white_share(images[0]) < 0.05  # words only, no picture
    # In first-name order: Ana, Ben, María José.
    assert near(colour_at_picture(images[1], (256, 256)), RED)
    assert near(colour_at_picture(images[2], (384, 256)), BLUE)
    assert near(colour_at_picture(images[3], (256, 256)), GREEN)
    assert "Ana" in texts[1] and "I love the red balloon" in texts[1]
    assert "Made with AI" in texts[1] and "Made with AI" in texts[2]
    assert "María José" in texts[3] and "Offline preview, not AI" in texts[3]
    assert "Núñez" not in "".join(texts)  # a first name only
    assert "page 2 of 4" in texts[1]


def test_class_book_follows_the_teachers_language_with_its_accents(
    teacher: User, maria: User, assignment: Assignment
) -> None:
    teacher.language = "es"
    teacher.save(update_fields=["language"])
    picture = solid_picture(student=maria, assignment=assignment, colour=RED)
    turned_in(picture, "¡Qué bonito! El niño y la señora están en el jardín.")

    images, texts = pages(book_of(teacher, assignment, source="turned_in"))

    assert len(images) == 2
    assert "1 imagen" in texts[0]
    assert "María" in texts[1]
    assert "¡Qué bonito! El niño y la señora están en el jardín." in texts[1]
    assert "Hecha con IA" in texts[1]
    assert near(colour_at_picture(images[1], (256, 256)), RED)


def test_a_picture_with_transparency_is_printed_on_white(
    teacher: User, student: User, assignment: Assignment
) -> None:
    picture = solid_picture(student=student, assignment=assignment, colour=RED)
    clear = Image.new("RGBA", (256, 256), (0, 0, 0, 0))
    buffer = io.BytesIO()
    clear.save(buffer, format="PNG")
    with default_storage.open(picture.image.name, "wb") as stored:
        stored.write(buffer.getvalue())

    images, _texts = pages(book_of(teacher, assignment))

    assert near(colour_at_picture(images[1], (256, 256)), (255, 255, 255))
