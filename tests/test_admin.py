"""The school admin's side: the Django admin for everything, with versioned metaprompts."""

import pytest
from django.urls import reverse

from classrooms.models import Assignment, Classroom, TeacherInviteCode, User
from generation.models import DisallowedTerm, Generation, Metaprompt
from generation.services import generation_submit
from tests.support.factories import drawing_generation, finished_generation

ADMIN_MODELS = [
    User,
    TeacherInviteCode,
    Classroom,
    Assignment,
    Generation,
    DisallowedTerm,
    Metaprompt,
]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda m: m.__name__)
def test_admin_can_open_every_list_and_its_first_row(
    client, admin_user: User, student: User, assignment: Assignment, model: type
) -> None:
    finished_generation(student=student, assignment=assignment)
    TeacherInviteCode.objects.create(code="NORTH")
    client.force_login(admin_user)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    first = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
    assert client.get(change).status_code == 200


def test_a_teacher_cannot_open_the_admin(client, teacher: User) -> None:
    client.force_login(teacher)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response.url


def test_editing_the_metaprompt_saves_a_new_version_and_keeps_the_old_one(
    client, admin_user: User
) -> None:
    first = Metaprompt.objects.get()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:generation_metaprompt_change", args=[first.pk]),
        {
            "text": "Draw only gentle pictures, safe for children.\n{disallow_list}",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    versions = list(Metaprompt.objects.order_by("version").values_list("version", "text"))
    assert versions[0] == (1, first.text)
    assert versions[1][0] == 2 and versions[1][1].startswith("Draw only gentle")
    assert Metaprompt.objects.get(version=2).created_by == admin_user


def test_a_term_an_admin_adds_in_the_admin_blocks_the_next_prompt(
    client, admin_user: User, student: User, assignment: Assignment
) -> None:
    client.force_login(admin_user)
    client.post(
        reverse("admin:generation_disallowedterm_add"),
        {"term": "Zombies", "language": "en", "is_active": "on"},
    )
    [generation] = generation_submit(
        student=student, assignment=assignment, prompt="zombies at the Louvre", options={}
    )
    assert DisallowedTerm.objects.filter(term="zombies").exists()
    assert generation.status == Generation.Status.BLOCKED


def test_admin_can_fail_a_stuck_generation(
    client, admin_user: User, student: User, assignment: Assignment
) -> None:
    stuck = drawing_generation(student=student, assignment=assignment)
    client.force_login(admin_user)
    client.post(
        reverse("admin:generation_generation_changelist"),
        {"action": "fail_stuck", "_selected_action": [stuck.pk]},
    )
    stuck.refresh_from_db()
    assert stuck.status == Generation.Status.FAILED


def test_the_generation_page_shows_the_picture_through_the_checked_view_only(
    client, admin_user: User, student: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    client.force_login(admin_user)
    page = client.get(
        reverse("admin:generation_generation_change", args=[generation.pk])
    ).content.decode()
    assert reverse("image_file", args=[generation.pk, "thumb"]) in page
    assert generation.image.name not in page  # no storage path or URL
