"""The ZIP of originals: each stored, signed picture exactly as it is, and a spreadsheet
(CSV) of first names, captions, prompts and dates. Pictures are copied one at a time
from storage into the archive, so memory stays low whatever the class size."""

import csv
import io
import shutil
import zipfile
from collections.abc import Callable
from typing import BinaryIO

from django.core.files.storage import default_storage
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from generation.provenance.naming import MADE_WITH_AI_FILE_WORDS, NOT_AI_FILE_WORDS
from generation.selectors.exports import ExportPicture

Progress = Callable[[int, int], None]  # (pictures done, pictures in all)

CSV_NAME = pgettext_lazy("file name in the ZIP", "pictures.csv")
HEADER_FILE = _("File")
HEADER_STUDENT = _("Student")
HEADER_CAPTION = _("Caption")
HEADER_PROMPT = _("Prompt")
HEADER_DATE = _("Made on")
HEADER_AI = _("Made with AI")
YES = _("yes")
NO = _("no, offline preview")
# A spreadsheet runs a cell that starts with one of these as a formula: a child's
# caption must stay words (OWASP's "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def picture_file_name(number: int, picture: ExportPicture) -> str:
    """`03-ana-12-made-with-ai.png`: in book order, whose it is, and how it was made."""
    words = MADE_WITH_AI_FILE_WORDS if picture.made_by_ai else NOT_AI_FILE_WORDS
    extension = picture.image_name.rsplit(".", 1)[-1].lower()
    who = slugify(picture.first_name) or "student"
    return f"{number:02d}-{who}-{picture.generation_id}-{slugify(str(words))}.{extension}"


def as_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: list[tuple[str, ExportPicture]]) -> bytes:
    """UTF-8 with a byte-order mark, so a spreadsheet opens "Íñigo" as written."""
    text = io.StringIO()
    writer = csv.writer(text)
    headers = (HEADER_FILE, HEADER_STUDENT, HEADER_CAPTION, HEADER_PROMPT, HEADER_DATE, HEADER_AI)
    writer.writerow([str(header) for header in headers])
    for name, picture in rows:
        made = formats.date_format(timezone.localtime(picture.created_at), "SHORT_DATETIME_FORMAT")
        writer.writerow(
            [
                name,
                as_cell(picture.first_name),
                as_cell(picture.caption),
                as_cell(picture.prompt),
                made,
                str(YES if picture.made_by_ai else NO),
            ]
        )
    return text.getvalue().encode("utf-8-sig")


def write_zip(out: BinaryIO, pictures: list[ExportPicture], progress: Progress) -> None:
    rows = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for number, picture in enumerate(pictures, start=1):
            name = picture_file_name(number, picture)
            # Stored as they are: PNG and WebP are compressed already, and the bytes must
            # stay the signed ones for their C2PA manifests to read as intact.
            with (
                default_storage.open(picture.image_name, "rb") as source,
                archive.open(name, "w") as target,
            ):
                shutil.copyfileobj(source, target, length=1024 * 1024)
            rows.append((name, picture))
            progress(number, len(pictures))
        archive.writestr(str(CSV_NAME), csv_bytes(rows), compress_type=zipfile.ZIP_DEFLATED)
