"""Who sees what pictures cost: teachers for their classes, admins for the whole school."""

from decimal import Decimal

import pytest
from django.urls import reverse

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation, PriceRule
from generation.pricing import estimate_cost
from tests.support.factories import GenerationFactory, finished_generation

REPORT = reverse("admin:generation_costreport_changelist")


def priced_picture(
    student: User,
    assignment: Assignment,
    cost: str,
    status: str = Generation.Status.AWAITING_REVIEW,
) -> Generation:
    generation = finished_generation(student=student, assignment=assignment, status=status)
    generation.estimated_cost = Decimal(cost)
    generation.save(update_fields=["estimated_cost"])
    return generation


def picture_that_never_came(student: User, assignment: Assignment, status: str) -> Generation:
    return GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="a castle made of clouds",
        provider="openai",
        model="dall-e-3",
        status=status,
    )


@pytest.fixture
def second_assignment(classroom: Classroom, teacher: User) -> Assignment:
    return Assignment.objects.create(
        classroom=classroom, title="My street in 100 years", created_by=teacher
    )


@pytest.fixture
def spending(
    student: User,
    classmate: User,
    outsider: User,
    assignment: Assignment,
    second_assignment: Assignment,
    other_assignment: Assignment,
) -> None:
    """Class 5B: $0.16 + $0.042 in three pictures; Class 6A: $0.08 in one."""
    priced_picture(student, assignment, "0.1200")
    priced_picture(classmate, assignment, "0.0400", status=Generation.Status.APPROVED)
    picture_that_never_came(student, assignment, Generation.Status.FAILED)
    picture_that_never_came(classmate, assignment, Generation.Status.FILTERED)
    picture_that_never_came(student, assignment, Generation.Status.BLOCKED)
    priced_picture(classmate, second_assignment, "0.0420")
    priced_picture(outsider, other_assignment, "0.0800")


def test_teacher_sees_the_cost_of_each_assignment_and_of_the_class(
    client, teacher: User, classroom: Classroom, spending: None
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_class", args=[classroom.pk]))

    assert response.status_code == 200
    costs = {a.title: a.cost for a in response.context["assignments"]}
    assert costs == {
        "A monument in a new setting": Decimal("0.1600"),
        "My street in 100 years": Decimal("0.0420"),
    }
    assert response.context["total_cost"] == Decimal("0.2020")
    page = response.content.decode()
    assert "$0.16" in page and "$0.04" in page
    assert "Estimated cost for this class: $0.20" in page


def test_teacher_sees_the_cost_of_an_assignment_without_the_failed_attempts(
    client, teacher: User, assignment: Assignment, spending: None
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_assignment", args=[assignment.pk]))

    assert response.status_code == 200
    assert len(response.context["generations"]) == 5
    assert response.context["total_cost"] == Decimal("0.1600")
    assert "Estimated cost: $0.16" in response.content.decode()


def test_the_assignment_total_stays_whole_when_the_list_is_filtered(
    client, teacher: User, assignment: Assignment, spending: None
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_assignment", args=[assignment.pk]), {"status": "failed"})

    assert len(response.context["generations"]) == 1
    assert response.context["total_cost"] == Decimal("0.1600")


def test_a_class_without_pictures_costs_nothing(
    client, other_teacher: User, other_classroom: Classroom
) -> None:
    client.force_login(other_teacher)

    response = client.get(reverse("teacher_class", args=[other_classroom.pk]))

    assert response.context["total_cost"] == 0
    assert "Estimated cost for this class: $0.00" in response.content.decode()


def test_teacher_cannot_see_the_costs_of_another_teachers_class(
    client, teacher: User, other_classroom: Classroom, other_assignment: Assignment, spending: None
) -> None:
    client.force_login(teacher)

    assert client.get(reverse("teacher_class", args=[other_classroom.pk])).status_code == 404
    assert client.get(reverse("teacher_assignment", args=[other_assignment.pk])).status_code == 404


def test_admin_sees_every_class_with_its_teachers_pictures_and_cost(
    client, admin_user: User, spending: None
) -> None:
    client.force_login(admin_user)

    response = client.get(REPORT)

    assert response.status_code == 200
    rows = {row.name: (row.pictures, row.total_cost) for row in response.context["cl"].result_list}
    assert rows == {
        "Class 5B": (3, Decimal("0.2020")),
        "Class 6A": (1, Decimal("0.0800")),
    }
    page = response.content.decode()
    assert "Ms_Rivera" in page and "Mr_Stone" in page
    assert "$0.20" in page and "$0.08" in page
    assert "Whole school: 4 pictures, estimated $0.28." in page


def test_a_class_with_two_teachers_is_counted_once_even_when_searched_by_teacher(
    client, admin_user: User, classroom: Classroom, other_teacher: User, spending: None
) -> None:
    classroom.teachers.add(other_teacher)
    client.force_login(admin_user)

    response = client.get(REPORT, {"q": "mr_stone"})

    rows = {row.name: (row.pictures, row.total_cost) for row in response.context["cl"].result_list}
    assert rows == {
        "Class 5B": (3, Decimal("0.2020")),
        "Class 6A": (1, Decimal("0.0800")),
    }
    assert "Mr_Stone, Ms_Rivera" in response.content.decode()


def test_the_school_total_ignores_the_search(client, admin_user: User, spending: None) -> None:
    client.force_login(admin_user)

    response = client.get(REPORT, {"q": "6A"})

    assert [row.name for row in response.context["cl"].result_list] == ["Class 6A"]
    assert "Whole school: 4 pictures, estimated $0.28." in response.content.decode()


def test_the_cost_report_cannot_be_added_to_changed_or_deleted(
    client, admin_user: User, classroom: Classroom
) -> None:
    client.force_login(admin_user)

    assert client.get(reverse("admin:generation_costreport_add")).status_code == 403
    delete = reverse("admin:generation_costreport_delete", args=[classroom.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:generation_costreport_change", args=[classroom.pk])
    assert client.post(change, {"name": "Renamed"}).status_code == 403
    assert Classroom.objects.get(pk=classroom.pk).name == "Class 5B"


def test_teacher_cannot_open_the_cost_report(client, teacher: User, spending: None) -> None:
    client.force_login(teacher)

    response = client.get(REPORT)

    assert response.status_code == 302 and "login" in response.url


def test_staff_without_the_report_permission_cannot_open_it(client, db: None) -> None:
    staff = User.objects.create_user(
        username="office", password="pass-word-123", is_staff=True, role=User.Role.ADMIN
    )
    client.force_login(staff)

    assert client.get(REPORT).status_code == 403


def test_admin_edits_a_price_in_the_price_list_and_the_next_estimate_uses_it(
    client, admin_user: User
) -> None:
    rule = PriceRule.objects.get(model_prefix="dall-e-3", size="1792x1024", quality="hd")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:generation_pricerule_changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(rule.pk),
            "form-0-price_per_image": "0.1000",
            "form-0-input_per_million_tokens": "0",
            "form-0-output_per_million_tokens": "0",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.price_per_image == Decimal("0.1000")
    price = estimate_cost(provider="openai", model="dall-e-3", size="1792x1024", quality="hd")
    assert price == Decimal("0.1000")


def test_admin_finds_the_gpt_image_prices_by_searching(client, admin_user: User) -> None:
    client.force_login(admin_user)

    response = client.get(reverse("admin:generation_pricerule_changelist"), {"q": "gpt-image"})

    assert response.status_code == 200
    assert sorted(str(rule) for rule in response.context["cl"].result_list) == [
        "gpt-image",
        "gpt-image high",
        "gpt-image low",
        "gpt-image medium",
        "gpt-image-1-mini",
    ]
