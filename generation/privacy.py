"""Privacy requests about one student: export everything we hold, or erase it.

Used by the privacy actions generation/privacy_admin.py adds to the admin's user list.
Logs carry ids only.
"""

import io
import json
import logging
import zipfile
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms.models import User
from generation.models import Export, Generation, TurnIn

logger = logging.getLogger(__name__)

ONLY_STUDENTS = _("Only a student's data can be exported or erased this way.")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def student_data(*, student: User) -> dict[str, Any]:
    """Everything we hold about one student, as plain JSON-ready data."""
    if not student.is_student:
        raise ValidationError(ONLY_STUDENTS, code="not_student")
    generations = Generation.objects.filter(student=student).select_related(
        "assignment", "assignment__classroom"
    )
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": student.pk,
            "username": student.username,
            "display_name": student.display_name,
            "first_name": student.first_name,
            "last_name": student.last_name,
            "email": student.email,
            "role": student.role,
            "is_active": student.is_active,
            "date_joined": _iso(student.date_joined),
            "last_login": _iso(student.last_login),
        },
        "classes": [
            {"id": classroom.pk, "name": classroom.name}
            for classroom in student.classrooms.order_by("pk")
        ],
        "generations": [
            {
                "id": generation.pk,
                "class": generation.assignment.classroom.name,
                "assignment": generation.assignment.title,
                "prompt": generation.prompt,
                "options": generation.options,
                "status": generation.status,
                "safety_layer": generation.safety_layer,
                "rejection_reason": generation.rejection_reason,
                "created_at": _iso(generation.created_at),
                "finished_at": _iso(generation.finished_at),
                "reviewed_at": _iso(generation.reviewed_at),
                "image": _export_name(generation) if generation.image else None,
            }
            for generation in generations.order_by("created_at", "pk")
        ],
        # What the child wrote when turning a picture in is theirs too.
        "turn_ins": [
            {
                "assignment": turn_in.assignment.title,
                "generation": turn_in.generation_id,
                "caption": turn_in.caption,
                "created_at": _iso(turn_in.created_at),
            }
            for turn_in in TurnIn.objects.filter(student=student).select_related("assignment")
        ],
    }


def _export_name(generation: Generation) -> str:
    return f"images/{generation.pk}{PurePosixPath(generation.image.name or '').suffix}"


def student_data_zip(*, student: User) -> bytes:
    """`data.json` plus the student's original pictures still in storage."""
    data = student_data(student=student)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        for generation in Generation.objects.filter(student=student).exclude(image=""):
            try:
                with default_storage.open(str(generation.image.name), "rb") as image:
                    archive.writestr(_export_name(generation), image.read())
            except FileNotFoundError:
                logger.warning("export: image of generation %s is missing", generation.pk)
    return buffer.getvalue()


def student_data_delete(*, student: User) -> int:
    """Erase a student: their generations, their files in storage and the account.

    Returns how many generations went. Files are deleted after the commit, so a
    failure leaves stray files (logged), never records pointing at missing ones.
    """
    if not student.is_student:
        raise ValidationError(ONLY_STUDENTS, code="not_student")
    student_id = student.pk
    with transaction.atomic():
        generations = Generation.objects.select_for_update().filter(student=student)
        names = [
            name
            # A picture being drawn right now may have a partial picture too.
            for files in generations.values_list("image", "thumbnail", "partial_image")
            for name in files
            if name
        ]
        count = generations.count()
        # A class book or ZIP made with their pictures holds their name and work too.
        exports = Export.objects.filter(assignment__generations__student=student).distinct()
        names += [name for name in exports.values_list("file", flat=True) if name]
        Export.objects.filter(pk__in=list(exports.values_list("pk", flat=True))).delete()
        # Generations go with the account (on_delete=CASCADE), class memberships too.
        student.delete()
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:
            # The account is already gone; the log says which student's file to remove.
            logger.exception("privacy erase: could not delete a file of user %s", student_id)
    logger.info("privacy erase: user %s and %s generations deleted", student_id, count)
    return count
