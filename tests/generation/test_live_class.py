"""The class right now: its teachers see who is working, what is being drawn, blocked
attempts today and who has turned in, on a page that updates itself from a fragment
costing the same queries however many pictures the class has made."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation, TurnIn
from generation.selectors.live_class import live_class
from tests.support.factories import GenerationFactory, blocked_generation, finished_generation


def fragment_url(classroom: Classroom) -> str:
    return reverse("teacher_class_live_fragment", args=[classroom.pk])


def rows_by_name(classroom: Classroom) -> dict[str, object]:
    live = live_class(classroom=classroom, now=timezone.now())
    return {row.student.username: row for row in live.students}


def test_a_student_with_a_picture_on_its_way_is_working_and_drawing(
    student: User, classmate: User, assignment: Assignment
) -> None:
    GenerationFactory(student=student, assignment=assignment, prompt="a dragon")
    GenerationFactory(student=student, assignment=assignment, drawing=True, prompt="a unicorn")
    rows = rows_by_name(assignment.classroom)
    ana, ben = rows["ana"], rows["ben"]
    assert (ana.working, ana.drawing) == (True, 2)
    assert ana.drawing_prompt in ("a dragon", "a unicorn")
    assert (ben.working, ben.drawing) == (False, 0)


def test_a_student_who_asked_a_few_minutes_ago_is_working_and_not_an_hour_ago(
    student: User, classmate: User, assignment: Assignment
) -> None:
    now = timezone.now()
    GenerationFactory(
        student=student, assignment=assignment, approved=True, created_at=now - timedelta(minutes=2)
    )
    GenerationFactory(
        student=classmate,
        assignment=assignment,
        approved=True,
        created_at=now - timedelta(hours=1),
    )
    rows = rows_by_name(assignment.classroom)
    assert rows["ana"].working and not rows["ben"].working
    # Working students come first.
    live = live_class(classroom=assignment.classroom, now=now)
    assert [row.student.username for row in live.students] == ["ana", "ben"]
    assert live.working_count == 1


def test_a_student_who_asked_seconds_ago_reads_as_just_now_not_0_minutes(
    client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    now = timezone.now()
    GenerationFactory(
        student=student,
        assignment=assignment,
        approved=True,
        created_at=now - timedelta(seconds=20),
    )
    GenerationFactory(
        student=classmate,
        assignment=assignment,
        approved=True,
        created_at=now - timedelta(minutes=3),
    )
    client.force_login(teacher)

    page = client.get(fragment_url(assignment.classroom)).content.decode()

    assert "Working (asked just now)" in page
    assert "Working (asked 3\xa0minutes ago)" in page
    assert "0\xa0minutes" not in page


def test_blocked_attempts_count_only_today_and_only_in_this_class(
    student: User, assignment: Assignment, other_assignment: Assignment
) -> None:
    other_assignment.classroom.students.add(student)
    blocked_generation(student=student, assignment=assignment)
    blocked_generation(student=student, assignment=assignment)
    blocked_generation(
        student=student, assignment=assignment, created_at=timezone.now() - timedelta(days=2)
    )
    blocked_generation(student=student, assignment=other_assignment)
    # A note of asking too often is not an attempt.
    blocked_generation(
        student=student, assignment=assignment, safety_layer=Generation.SafetyLayer.RATE_LIMIT
    )
    live = live_class(classroom=assignment.classroom, now=timezone.now())
    assert rows_by_name(assignment.classroom)["ana"].blocked_today == 2
    assert live.blocked_today == 2


def test_who_has_turned_in_for_the_open_assignments(
    student: User, classmate: User, assignment: Assignment, teacher: User
) -> None:
    closed = Assignment.objects.create(
        classroom=assignment.classroom, title="Old", is_open=False, created_by=teacher
    )
    picture = finished_generation(student=student, assignment=assignment, status="approved")
    TurnIn.objects.create(student=student, assignment=assignment, generation=picture, caption="x")
    old = finished_generation(student=classmate, assignment=closed, status="approved")
    TurnIn.objects.create(student=classmate, assignment=closed, generation=old, caption="y")
    live = live_class(classroom=assignment.classroom, now=timezone.now())
    assert live.assignments_to_turn_in == 1
    assert rows_by_name(assignment.classroom)["ana"].turned_in == 1
    assert rows_by_name(assignment.classroom)["ben"].turned_in == 0
    assert live.turned_in_count == 1


def test_the_live_page_shows_the_class_to_its_teacher(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    GenerationFactory(student=student, assignment=assignment, drawing=True, prompt="a comet")
    client.force_login(teacher)
    response = client.get(reverse("teacher_class_live", args=[assignment.classroom.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-live-url="' + fragment_url(assignment.classroom) + '"' in page
    assert "Drawing 1 picture" in page and "a comet" in page
    assert "Pause the class" in page
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_fragment_is_the_live_part_alone(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    response = client.get(fragment_url(assignment.classroom))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and 'id="live-students"' in body


@pytest.mark.parametrize("pictures", [5, 50])
def test_a_poll_costs_the_same_queries_with_5_or_50_pictures(
    client, pictures: int, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    GenerationFactory.create_batch(pictures // 5, student=student, assignment=assignment)
    GenerationFactory.create_batch(
        pictures // 5, student=classmate, assignment=assignment, drawing=True
    )
    GenerationFactory.create_batch(
        pictures // 5, student=student, assignment=assignment, blocked=True
    )
    GenerationFactory.create_batch(
        pictures - 3 * (pictures // 5), student=classmate, assignment=assignment, approved=True
    )
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(fragment_url(assignment.classroom))
    assert response.status_code == 200
    # The session, the teacher, the class (access), then the class right now: one query.
    assert len(queries) == 4, [q["sql"] for q in queries]


def test_another_teacher_gets_a_404(client, other_teacher: User, classroom: Classroom) -> None:
    client.force_login(other_teacher)
    assert client.get(reverse("teacher_class_live", args=[classroom.pk])).status_code == 404
    assert client.get(fragment_url(classroom)).status_code == 404


def test_a_student_of_the_class_gets_a_403(client, student: User, classroom: Classroom) -> None:
    client.force_login(student)
    assert client.get(reverse("teacher_class_live", args=[classroom.pk])).status_code == 403
    assert client.get(fragment_url(classroom)).status_code == 403


def test_a_signed_out_visitor_is_sent_to_sign_in(client, classroom: Classroom) -> None:
    response = client.get(fragment_url(classroom))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_class_page_links_to_the_live_page(client, teacher: User, classroom: Classroom) -> None:
    client.force_login(teacher)
    page = client.get(reverse("teacher_class", args=[classroom.pk])).content.decode()
    assert reverse("teacher_class_live", args=[classroom.pk]) in page
