"""A due date is one a school could mean; no date can break a class's pages."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from classrooms.models import Assignment, Classroom, User
from tests.classrooms.test_teacher_views import assignment_data

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["UTC", "Europe/Madrid", "America/Mexico_City", "Pacific/Kiritimati"])
def school_time_zone(request: pytest.FixtureRequest, settings: object) -> str:
    settings.TIME_ZONE = request.param  # type: ignore[attr-defined]
    return request.param


@pytest.mark.parametrize(
    "typed", ["0001-01-01T00:00", "1899-12-31T23:59", "9999-12-31T23:59", "2000-01-01T00:00"]
)
def test_a_due_date_far_outside_a_school_year_is_refused_kindly(
    client: Client, teacher: User, classroom: Classroom, school_time_zone: str, typed: str
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_assignment_create", args=[classroom.pk]), assignment_data(due_at=typed)
    )

    if typed.startswith("2000") and school_time_zone in {"UTC", "America/Mexico_City"}:
        # On or after New Year 2000 in UTC: in range, but long gone (issue 14).
        assertContains(response, "That due date has already passed.", status_code=400)
        assert not Assignment.objects.exists()
        return
    assertContains(
        response, "Please choose a due date between the years 2000 and 2099.", status_code=400
    )
    assert not Assignment.objects.exists()
    # Every page of the class still answers.
    assert client.get(reverse("teacher_class", args=[classroom.pk])).status_code == 200
    assert client.get(reverse("teacher_dashboard")).status_code == 200


def test_a_due_date_inside_the_range_still_saves(
    client: Client, teacher: User, classroom: Classroom, school_time_zone: str
) -> None:
    client.force_login(teacher)

    client.post(
        reverse("teacher_assignment_create", args=[classroom.pk]),
        assignment_data(due_at="2099-12-31T08:00"),
    )

    assert Assignment.objects.get().due_at is not None


@pytest.mark.parametrize(
    "when", [datetime(1, 1, 1, 12, tzinfo=UTC), datetime(9999, 12, 31, 12, tzinfo=UTC)]
)
def test_the_database_refuses_a_due_date_out_of_range_whoever_writes_it(
    classroom: Classroom, when: datetime
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(classroom=classroom, title="Typo", due_at=when)


def test_the_class_pages_show_the_latest_date_allowed_in_every_time_zone(
    client: Client,
    teacher: User,
    student: User,
    classroom: Classroom,
    school_time_zone: str,
) -> None:
    latest = Assignment.objects.create(
        classroom=classroom, title="Far off", due_at=datetime(2099, 12, 31, 23, 59, tzinfo=UTC)
    )
    earliest = Assignment.objects.create(
        classroom=classroom, title="Long ago", due_at=datetime(2000, 1, 1, tzinfo=UTC)
    )
    client.force_login(teacher)
    for page in (
        reverse("teacher_class", args=[classroom.pk]),
        reverse("teacher_assignment", args=[latest.pk]),
        reverse("teacher_assignment", args=[earliest.pk]),
        reverse("teacher_assignment_edit", args=[earliest.pk]),
    ):
        assert client.get(page).status_code == 200, page
    client.force_login(student)
    for page in (
        reverse("student_class", args=[classroom.pk]),
        reverse("student_assignment", args=[latest.pk]),
        reverse("student_assignment", args=[earliest.pk]),
    ):
        assert client.get(page).status_code == 200, page
