"""The assignment form's guardrails: no date already gone, no option group with nothing
ticked, pictures per student capped by the school, and the most it can cost shown."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from classrooms.models import Assignment, Classroom, SchoolSettings, User
from generation.models import PriceRule
from tests.classrooms.test_teacher_views import assignment_data
from tests.support.fake_image_api import FakeImageAPI

pytestmark = pytest.mark.django_db


def _create(client: Client, classroom: Classroom, **overrides: object) -> object:
    return client.post(
        reverse("teacher_assignment_create", args=[classroom.pk]), assignment_data(**overrides)
    )


def _local(moment: object) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")  # type: ignore[arg-type]


def test_a_due_date_already_gone_is_refused_kindly(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = _create(client, classroom, due_at=_local(timezone.now() - timedelta(hours=1)))

    assertContains(response, "That due date has already passed.", status_code=400)
    assert not Assignment.objects.exists()


def test_a_due_date_still_to_come_saves(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = _create(client, classroom, due_at=_local(timezone.now() + timedelta(days=2)))

    assert response.status_code == 302
    assert Assignment.objects.get().due_at is not None


def test_an_old_assignment_past_its_date_can_still_be_saved_without_touching_the_date(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(days=3))
    assignment.refresh_from_db()
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        assignment_data(title="Renamed", due_at=_local(assignment.due_at)),
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.title == "Renamed"


@pytest.mark.parametrize("group", ["allowed_orientations", "allowed_qualities", "allowed_styles"])
def test_an_option_group_with_nothing_ticked_is_refused(
    client: Client, teacher: User, classroom: Classroom, group: str
) -> None:
    client.force_login(teacher)

    response = _create(client, classroom, **{group: None})

    assertContains(response, "Please tick at least one", status_code=400)
    assert not Assignment.objects.exists()


def test_pictures_per_student_are_capped_at_the_school_setting_default_20(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    refused = _create(client, classroom, image_limit="100000")
    allowed = _create(client, classroom, image_limit="20")

    assertContains(refused, "The school allows at most 20 pictures per student.", status_code=400)
    assert allowed.status_code == 302
    assert Assignment.objects.get().image_limit == 20


def test_an_admin_changes_the_cap_in_the_admin(
    client: Client, admin_user: User, teacher: User, classroom: Classroom
) -> None:
    client.force_login(admin_user)
    SchoolSettings.load()
    client.post(
        reverse("admin:classrooms_schoolsettings_change", args=[1]),
        {"max_images_per_student": "6"},
    )
    assert SchoolSettings.load().max_images_per_student == 6
    client.force_login(teacher)

    response = _create(client, classroom, image_limit="7")

    assertContains(response, "at most 6 pictures per student", status_code=400)
    assertContains(response, 'max="6"', status_code=400)


@pytest.fixture
def dall_e_prices(openai_provider: FakeImageAPI) -> None:
    PriceRule.objects.all().delete()
    PriceRule.objects.create(model_prefix="dall-e-3", price_per_image=Decimal("0.04"))
    PriceRule.objects.create(model_prefix="dall-e-3", quality="hd", price_per_image=Decimal("0.08"))


def test_the_form_shows_the_most_it_can_cost_before_saving(
    client: Client, teacher: User, classroom: Classroom, dall_e_prices: None
) -> None:
    client.force_login(teacher)

    page = client.get(reverse("teacher_assignment_create", args=[classroom.pk]))

    # 2 students x 5 pictures (the default) x $0.04 (standard, the first detail level).
    assertContains(page, 'id="most-cost-total">$0.40<')


def test_a_reshown_form_prices_what_the_teacher_chose(
    client: Client, teacher: User, classroom: Classroom, dall_e_prices: None
) -> None:
    client.force_login(teacher)

    # Refused (a date gone), so the form comes back with the teacher's choices priced:
    # 2 students x 10 pictures x $0.08 (HD allowed).
    response = _create(
        client,
        classroom,
        image_limit="10",
        allowed_qualities=["standard", "hd"],
        due_at="2001-01-01T00:00",
    )

    assertContains(response, 'id="most-cost-total">$1.60<', status_code=400)


def test_a_free_picture_service_costs_nothing(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    page = client.get(reverse("teacher_assignment_create", args=[classroom.pk]))

    assertContains(page, 'id="most-cost-total">$0.00<')


def test_another_teacher_cannot_open_the_form(
    client: Client, other_teacher: User, classroom: Classroom
) -> None:
    client.force_login(other_teacher)

    assert client.get(reverse("teacher_assignment_create", args=[classroom.pk])).status_code == 404


def test_a_student_cannot_open_the_form(
    client: Client, student: User, classroom: Classroom
) -> None:
    client.force_login(student)

    assert client.get(reverse("teacher_assignment_create", args=[classroom.pk])).status_code == 403


def test_a_past_due_assignment_shows_as_closed_to_the_teacher(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(days=1))
    client.force_login(teacher)

    class_page = client.get(reverse("teacher_class", args=[assignment.classroom.pk]))
    assignment_page = client.get(reverse("teacher_assignment", args=[assignment.pk]))

    assertContains(class_page, "Closed: past due")
    assertContains(assignment_page, "Closed: past due")
    assertContains(assignment_page, 'id="past-due-note"')


def test_an_open_assignment_with_time_left_shows_no_closed_badge(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)

    assertNotContains(
        client.get(reverse("teacher_class", args=[assignment.classroom.pk])), "Closed"
    )
