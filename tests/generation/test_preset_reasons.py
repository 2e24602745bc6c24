"""Preset rejection reasons a teacher can edit (issue 14)."""

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from classrooms.models import Assignment, User
from generation.models import Generation, PresetReason
from generation.selectors.review import preset_reasons_for
from tests.support.factories import finished_generation


def test_a_teacher_starts_with_kind_reasons_in_their_language(teacher: User) -> None:
    english = preset_reasons_for(teacher)
    assert any(text.startswith("Lovely idea!") for text in english)
    with translation.override("es"):
        spanish = preset_reasons_for(teacher)
    assert spanish != english and len(spanish) == len(english)


def test_the_queue_offers_the_teachers_own_reasons(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    finished_generation(student=student, assignment=assignment)
    PresetReason.objects.create(teacher=teacher, text="Please add a sky.")
    client.force_login(teacher)
    page = client.get(reverse("review_queue")).content.decode()
    assert '<option value="Please add a sky.">' in page


def test_a_teacher_edits_their_reasons_one_on_each_line(client, teacher: User) -> None:
    client.force_login(teacher)
    response = client.post(
        reverse("preset_reasons"), {"reasons": "Please add a sky.\n\n  More colour, please!  \n"}
    )
    assert response.status_code == 302
    assert preset_reasons_for(teacher) == ["Please add a sky.", "More colour, please!"]
    page = client.get(reverse("preset_reasons")).content.decode()
    assert "Please add a sky." in page


def test_one_teachers_reasons_are_not_anothers(client, teacher: User, other_teacher: User) -> None:
    client.force_login(teacher)
    client.post(reverse("preset_reasons"), {"reasons": "Only mine."})
    assert "Only mine." not in preset_reasons_for(other_teacher)


def test_a_student_cannot_open_or_edit_preset_reasons(client, student: User) -> None:
    client.force_login(student)
    assert client.get(reverse("preset_reasons")).status_code in (302, 403)
    client.post(reverse("preset_reasons"), {"reasons": "Mine now."})
    assert not PresetReason.objects.exists()


@override_settings(LANGUAGE_CODE="en")
def test_a_preset_picked_without_javascript_is_the_reason(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    client.post(
        reverse("review", args=[picture.pk]),
        {"decision": "reject", "reason": "", "preset": "Please add a sky."},
    )
    picture.refresh_from_db()
    assert (picture.status, picture.rejection_reason) == (
        Generation.Status.REJECTED,
        "Please add a sky.",
    )
