"""The admin's usage report: pictures in a date range, by class and status, with their
estimated cost, filtered by class or teacher, on a page or as a CSV, for staff only."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, User
from tests.support.factories import GenerationFactory

URL = reverse("admin_usage_report")


@pytest.fixture
def pictures(student: User, outsider: User, assignment: Assignment, other_assignment: Assignment):
    GenerationFactory(
        student=student, assignment=assignment, approved=True, estimated_cost=Decimal("0.04")
    )
    GenerationFactory(
        student=student, assignment=assignment, rejected=True, estimated_cost=Decimal("0.08")
    )
    GenerationFactory(student=student, assignment=assignment, blocked=True)
    GenerationFactory(
        student=outsider,
        assignment=other_assignment,
        approved=True,
        estimated_cost=Decimal("1.00"),
        options={"orientation": "square", "quality": "hd"},
    )
    # Last year's: outside the default range (this month).
    GenerationFactory(
        student=student,
        assignment=assignment,
        approved=True,
        estimated_cost=Decimal("9.00"),
        created_at=timezone.now() - timedelta(days=400),
    )


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_the_report_counts_this_months_pictures_by_class_and_status(
    client, admin_user: User, pictures: None
) -> None:
    client.force_login(admin_user)
    response = client.get(URL)
    assert response.status_code == 200
    report = response.context["report"]
    by_class = {row.name: row for row in report.rows}
    assert set(by_class) == {"Class 5B", "Class 6A"}
    five_b = by_class["Class 5B"]
    assert (five_b.total, five_b.cost) == (3, Decimal("0.12"))
    assert five_b.counts["approved"] == 1 and five_b.counts["blocked"] == 1
    assert five_b.teachers == ["Ms_Rivera"]
    assert (report.totals.total, report.totals.cost) == (4, Decimal("1.12"))
    assert "4 pictures asked for, estimated $1.12." in response.content.decode()


def test_a_date_range_takes_in_older_pictures(client, admin_user: User, pictures: None) -> None:
    client.force_login(admin_user)
    start = (timezone.localdate() - timedelta(days=500)).isoformat()
    response = client.get(URL, {"start": start, "end": timezone.localdate().isoformat()})
    assert response.context["report"].totals.total == 5


def test_the_report_for_one_class(
    client, admin_user: User, pictures: None, other_assignment: Assignment
) -> None:
    client.force_login(admin_user)
    response = client.get(URL, {"classroom": other_assignment.classroom.pk})
    report = response.context["report"]
    assert [row.name for row in report.rows] == ["Class 6A"]
    assert report.totals.cost == Decimal("1.00")


def test_the_report_for_one_teacher_includes_classes_they_co_teach(
    client, admin_user: User, teacher: User, pictures: None, other_assignment: Assignment
) -> None:
    client.force_login(admin_user)
    response = client.get(URL, {"teacher": teacher.pk})
    assert [row.name for row in response.context["report"].rows] == ["Class 5B"]
    other_assignment.classroom.teachers.add(teacher)
    response = client.get(URL, {"teacher": teacher.pk})
    assert [row.name for row in response.context["report"].rows] == ["Class 5B", "Class 6A"]


def test_a_backwards_range_is_refused_kindly(client, admin_user: User) -> None:
    client.force_login(admin_user)
    response = client.get(URL, {"start": "2026-05-02", "end": "2026-05-01"})
    assert response.status_code == 400
    assert "The last day comes before the first." in response.content.decode()


def test_the_csv_has_one_row_per_picture_and_no_prompts(
    client, admin_user: User, pictures: None
) -> None:
    client.force_login(admin_user)
    response = client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == 4
    assert {row["class"] for row in rows} == {"Class 5B", "Class 6A"}
    hd = next(row for row in rows if row["class"] == "Class 6A")
    assert (hd["quality"], hd["estimated_cost_usd"], hd["student"]) == ("hd", "1.0000", "zoe")
    assert hd["teachers"] == "Mr_Stone"
    assert "prompt" not in rows[0]
    assert all("swords" not in value for row in rows for value in row.values())


def test_a_class_name_that_looks_like_a_formula_is_defused_in_the_csv(
    client, admin_user: User, student: User, assignment: Assignment
) -> None:
    assignment.classroom.name = "=HYPERLINK(1)"
    assignment.classroom.save()
    GenerationFactory(student=student, assignment=assignment)
    client.force_login(admin_user)
    [row] = csv_rows(client.get(URL, {"format": "csv"}))
    assert row["class"] == "'=HYPERLINK(1)"


def test_the_page_and_the_csv_cost_the_same_queries_with_5_or_50_pictures(
    client, admin_user: User, student: User, assignment: Assignment, other_assignment: Assignment
) -> None:
    client.force_login(admin_user)

    def queries_for(query: dict[str, str], rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, query)
            assert response.status_code == 200
            if query:
                assert len(csv_rows(response)) == rows
        return len(queries)

    GenerationFactory.create_batch(5, student=student, assignment=assignment)
    few = (queries_for({}, 5), queries_for({"format": "csv"}, 5))
    GenerationFactory.create_batch(40, student=student, assignment=assignment)
    GenerationFactory.create_batch(5, student=student, assignment=other_assignment)
    assert (queries_for({}, 50), queries_for({"format": "csv"}, 50)) == few
    # The CSV: the session, the admin, the teachers, then the pictures in one query.
    assert few[1] == 4


@pytest.mark.parametrize("person", ["teacher", "student"])
def test_teachers_and_students_cannot_open_the_report(
    client, request: pytest.FixtureRequest, person: str, pictures: None
) -> None:
    client.force_login(request.getfixturevalue(person))
    for query in ({}, {"format": "csv"}):
        response = client.get(URL, query)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_admin_index_links_to_the_report(client, admin_user: User) -> None:
    client.force_login(admin_user)
    assert URL in client.get(reverse("admin:index")).content.decode()
