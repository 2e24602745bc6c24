"""The ZIP of originals: every chosen picture's stored, signed file byte for byte, and a
spreadsheet of first names, captions, prompts and dates."""

import csv
import io
import zipfile

from django.core.files.storage import default_storage
from django.utils import translation

from classrooms.models import Assignment, User
from generation.exports.models import Export
from generation.models import Generation
from generation.services.exports import export_build, export_start
from tests.generation.exports.conftest import BLUE, GREEN, RED, solid_picture, turned_in


def built(teacher: User, assignment: Assignment, source: str) -> Export:
    export = export_start(
        teacher=teacher, assignment=assignment, kind=Export.Kind.ZIP, source=source
    )
    export_build(export_id=export.pk)
    export.refresh_from_db()
    return export


def opened(export: Export) -> zipfile.ZipFile:
    with default_storage.open(export.file.name, "rb") as stored:
        return zipfile.ZipFile(io.BytesIO(stored.read()))


def spreadsheet(archive: zipfile.ZipFile, name: str = "pictures.csv") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8-sig"))))


def test_zip_holds_each_approved_original_as_stored_and_a_row_for_it(
    teacher: User, student: User, maria: User, assignment: Assignment
) -> None:
    ana_red = solid_picture(student=student, assignment=assignment, colour=RED, prompt="red")
    maria_green = solid_picture(
        student=maria,
        assignment=assignment,
        colour=GREEN,
        prompt="=SUM(A1) a green field",
        provider="offline",
    )
    turned_in(maria_green, "Me gusta el campo, ¿y a ti?")
    solid_picture(
        student=student,
        assignment=assignment,
        colour=BLUE,
        status=Generation.Status.REJECTED,
    )

    export = built(teacher, assignment, Export.Source.APPROVED)

    assert export.state == Export.State.READY and export.progress == 100
    archive = opened(export)
    pictures = sorted(name for name in archive.namelist() if name != "pictures.csv")
    assert pictures == [
        f"01-ana-{ana_red.pk}-made-with-ai.png",
        f"02-maria-jose-{maria_green.pk}-offline-preview-not-ai.png",
    ]
    # The originals exactly as stored: their signed manifests still read as intact.
    with default_storage.open(ana_red.image.name, "rb") as original:
        assert archive.read(pictures[0]) == original.read()
    rows = spreadsheet(archive)
    assert [row["Student"] for row in rows] == ["Ana", "María José"]
    assert rows[0]["File"] == pictures[0]
    assert rows[0]["Prompt"] == "red" and rows[0]["Caption"] == ""
    assert rows[0]["Made with AI"] == "yes"
    assert rows[1]["Caption"] == "Me gusta el campo, ¿y a ti?"
    # A prompt that looks like a formula stays words in a spreadsheet.
    assert rows[1]["Prompt"] == "'=SUM(A1) a green field"
    assert rows[1]["Made with AI"] == "no, offline preview"
    assert rows[1]["Made on"]


def test_zip_of_turned_in_pictures_holds_only_those(
    teacher: User, student: User, maria: User, assignment: Assignment
) -> None:
    chosen = solid_picture(student=student, assignment=assignment, colour=RED)
    turned_in(chosen, "The best one")
    solid_picture(student=maria, assignment=assignment, colour=GREEN)

    archive = opened(built(teacher, assignment, Export.Source.TURNED_IN))

    rows = spreadsheet(archive)
    assert [(row["Student"], row["Caption"]) for row in rows] == [("Ana", "The best one")]
    assert len(archive.namelist()) == 2


def test_zip_spreadsheet_is_in_the_teachers_language(
    teacher: User, student: User, assignment: Assignment
) -> None:
    teacher.language = "es"
    teacher.save(update_fields=["language"])
    solid_picture(student=student, assignment=assignment, colour=RED)

    with translation.override("en"):  # the worker's own language does not matter
        archive = opened(built(teacher, assignment, Export.Source.APPROVED))

    names = archive.namelist()
    assert "imagenes.csv" in names
    rows = spreadsheet(archive, "imagenes.csv")
    assert rows[0]["Estudiante"] == "Ana"
    assert rows[0]["Hecha con IA"] == "sí"
    assert "hecha-con-ia" in [name for name in names if name.endswith(".png")][0]
