"""Co-teachers have every right the class's teacher has, everywhere, until removed; a
removed student's pictures stay with the class's teachers; archived work is read-only."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from tests.conftest import _user
from tests.support.factories import blocked_generation, finished_generation, prompt_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def co_teacher(db: None) -> User:
    return _user("mx_lopez", User.Role.TEACHER)


def add_co_teacher(client: Client, classroom: Classroom, username: str) -> None:
    client.post(reverse("teacher_add_co_teacher", args=[classroom.pk]), {"username": username})


def pages_a_teacher_uses(
    classroom: Classroom, assignment: Assignment, picture: Generation
) -> list[str]:
    return [
        reverse("teacher_class", args=[classroom.pk]),
        reverse("teacher_assignment", args=[assignment.pk]),
        reverse("teacher_safety_log", args=[classroom.pk]),
        reverse("teacher_login_cards", args=[classroom.pk]),
        reverse("image", args=[picture.pk]),
    ]


# Co-teachers


def test_a_co_teacher_has_the_same_rights_everywhere(
    client: Client,
    teacher: User,
    co_teacher: User,
    classroom: Classroom,
    assignment: Assignment,
    student: User,
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    add_co_teacher(client, classroom, "MX_LOPEZ")
    assert classroom.teachers.filter(pk=co_teacher.pk).exists()
    colleague = Client()
    colleague.force_login(co_teacher)

    for url in pages_a_teacher_uses(classroom, assignment, picture):
        assert colleague.get(url).status_code == 200, url
    assertContains(colleague.get(reverse("teacher_dashboard")), "Class 5B")
    assertContains(colleague.get(reverse("review_queue")), reverse("image", args=[picture.pk]))
    approved = colleague.post(reverse("review", args=[picture.pk]), {"decision": "approve"})
    assert approved.status_code == 302
    picture.refresh_from_db()
    assert picture.status == Generation.Status.APPROVED
    edited = colleague.post(
        reverse("teacher_assignment_toggle", args=[assignment.pk]),
    )
    assert edited.status_code == 302
    assignment.refresh_from_db()
    assert not assignment.is_open


def test_a_removed_co_teacher_loses_the_class_everywhere(
    client: Client,
    teacher: User,
    co_teacher: User,
    classroom: Classroom,
    assignment: Assignment,
    student: User,
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    classroom.teachers.add(co_teacher)
    client.force_login(teacher)
    url = reverse("teacher_remove_co_teacher", args=[classroom.pk, co_teacher.pk])
    assertContains(client.get(url), "Remove Mx_Lopez as a teacher of Class 5B?")
    client.post(url)
    colleague = Client()
    colleague.force_login(co_teacher)

    for page in pages_a_teacher_uses(classroom, assignment, picture):
        assert colleague.get(page).status_code == 404, page
    assertNotContains(colleague.get(reverse("teacher_dashboard")), "Class 5B")
    assertNotContains(colleague.get(reverse("review_queue")), reverse("image", args=[picture.pk]))
    assert (
        colleague.post(reverse("review", args=[picture.pk]), {"decision": "approve"}).status_code
        == 404
    )
    picture.refresh_from_db()
    assert picture.status == Generation.Status.AWAITING_REVIEW


def test_only_teachers_of_the_school_can_be_added(
    client: Client, teacher: User, classroom: Classroom, outsider: User
) -> None:
    client.force_login(teacher)

    add_co_teacher(client, classroom, outsider.username)
    add_co_teacher(client, classroom, "nobody_here")

    assert list(classroom.teachers.all()) == [teacher]


def test_a_class_keeps_its_last_teacher(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    client.post(reverse("teacher_remove_co_teacher", args=[classroom.pk, teacher.pk]))

    assert list(classroom.teachers.all()) == [teacher]


@pytest.mark.parametrize("who", ["other_teacher", "student"])
def test_the_wrong_person_cannot_add_themselves_as_a_co_teacher(
    client: Client, classroom: Classroom, who: str, request: pytest.FixtureRequest
) -> None:
    person = request.getfixturevalue(who)
    client.force_login(person)

    response = client.post(
        reverse("teacher_add_co_teacher", args=[classroom.pk]), {"username": person.username}
    )

    assert response.status_code in {403, 404}
    assert not classroom.teachers.filter(pk=person.pk).exists()


def test_another_teacher_cannot_remove_the_classs_teacher(
    client: Client, teacher: User, other_teacher: User, co_teacher: User, classroom: Classroom
) -> None:
    classroom.teachers.add(co_teacher)
    client.force_login(other_teacher)

    response = client.post(reverse("teacher_remove_co_teacher", args=[classroom.pk, teacher.pk]))

    assert response.status_code == 404
    assert classroom.teachers.count() == 2


# A removed student's record stays


def test_a_removed_students_pictures_and_safety_record_stay_with_the_teachers(
    client: Client, teacher: User, classroom: Classroom, assignment: Assignment, student: User
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    blocked = blocked_generation(student=student, assignment=assignment)
    client.force_login(teacher)

    client.post(reverse("teacher_remove_student", args=[classroom.pk, student.pk]))

    assert client.get(reverse("image", args=[picture.pk])).status_code == 200
    assertContains(client.get(reverse("teacher_assignment", args=[assignment.pk])), blocked.prompt)
    log = client.get(reverse("teacher_safety_log", args=[classroom.pk]))
    assertContains(log, blocked.prompt)
    child = Client()
    child.force_login(student)
    assert child.get(reverse("student_assignment", args=[assignment.pk])).status_code == 404
    response = child.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(
            student=student, assignment=assignment, prompt="a red kite", orientation="square"
        ),
    )
    assert response.status_code == 404
    assert not Generation.objects.filter(prompt="a red kite").exists()


# Archive and restore


def test_an_archived_class_is_read_only_and_listed_apart(
    client: Client, teacher: User, classroom: Classroom, assignment: Assignment, student: User
) -> None:
    client.force_login(teacher)
    assertContains(
        client.get(reverse("teacher_class_archive", args=[classroom.pk])), "Archive Class 5B?"
    )
    classroom.refresh_from_db()
    assert not classroom.is_archived

    client.post(reverse("teacher_class_archive", args=[classroom.pk]))

    classroom.refresh_from_db()
    assert classroom.is_archived
    dashboard = client.get(reverse("teacher_dashboard")).content.decode()
    assert dashboard.index('id="archived-classes"') < dashboard.index("Class 5B")
    refused = [
        reverse("teacher_assignment_create", args=[classroom.pk]),
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        reverse("teacher_add_students", args=[classroom.pk]),
        reverse("teacher_rotate_join_code", args=[classroom.pk]),
        reverse("teacher_remove_student", args=[classroom.pk, student.pk]),
    ]
    for url in refused:
        assert client.post(url, {"names": "Late Kid"}).status_code == 403, url
    assert not User.objects.filter(display_name="Late Kid").exists()
    assert classroom.students.filter(pk=student.pk).exists()
    assert client.get(reverse("teacher_class", args=[classroom.pk])).status_code == 200


def test_an_archived_class_takes_no_new_pictures_or_new_members(
    client: Client,
    teacher: User,
    classroom: Classroom,
    assignment: Assignment,
    student: User,
    outsider: User,
) -> None:
    classroom.archive()
    client.force_login(student)

    page = client.get(reverse("student_assignment", args=[assignment.pk]))
    client.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(
            student=student, assignment=assignment, prompt="a red kite", orientation="square"
        ),
    )
    joiner = Client()
    joiner.force_login(outsider)
    joiner.post(reverse("student_join"), {"join_code": classroom.join_code})

    assertContains(page, "put away now")
    assert not Generation.objects.filter(prompt="a red kite").exists()
    assert not classroom.students.filter(pk=outsider.pk).exists()


def test_restoring_a_class_opens_it_again(
    client: Client, teacher: User, classroom: Classroom, assignment: Assignment, student: User
) -> None:
    classroom.archive()
    client.force_login(teacher)

    client.post(reverse("teacher_class_restore", args=[classroom.pk]))

    classroom.refresh_from_db()
    assert not classroom.is_archived
    assert client.get(reverse("teacher_assignment_edit", args=[assignment.pk])).status_code == 200


def test_an_archived_assignment_is_read_only_and_restores(
    client: Client, teacher: User, classroom: Classroom, assignment: Assignment, student: User
) -> None:
    client.force_login(teacher)

    client.post(reverse("teacher_assignment_archive", args=[assignment.pk]))

    assignment.refresh_from_db()
    assert assignment.archived_at is not None
    class_page = client.get(reverse("teacher_class", args=[classroom.pk])).content.decode()
    assert class_page.index('id="archived-assignments"') < class_page.index(assignment.title)
    assert client.get(reverse("teacher_assignment_edit", args=[assignment.pk])).status_code == 403
    assert (
        client.post(reverse("teacher_assignment_toggle", args=[assignment.pk])).status_code == 403
    )
    child = Client()
    child.force_login(student)
    child.post(
        reverse("generate", args=[assignment.pk]),
        prompt_post(
            student=student, assignment=assignment, prompt="a red kite", orientation="square"
        ),
    )
    assert not Generation.objects.filter(prompt="a red kite").exists()

    client.post(reverse("teacher_assignment_restore", args=[assignment.pk]))

    assignment.refresh_from_db()
    assert assignment.archived_at is None
    assert client.get(reverse("teacher_assignment_edit", args=[assignment.pk])).status_code == 200


@pytest.mark.parametrize("who", ["other_teacher", "student"])
def test_the_wrong_person_cannot_archive_or_restore(
    client: Client,
    classroom: Classroom,
    assignment: Assignment,
    who: str,
    request: pytest.FixtureRequest,
) -> None:
    client.force_login(request.getfixturevalue(who))

    for name, key in [
        ("teacher_class_archive", classroom.pk),
        ("teacher_assignment_archive", assignment.pk),
    ]:
        assert client.post(reverse(name, args=[key])).status_code in {403, 404}
    classroom.refresh_from_db()
    assignment.refresh_from_db()
    assert not classroom.is_archived and assignment.archived_at is None
    classroom.archive()
    assert client.post(reverse("teacher_class_restore", args=[classroom.pk])).status_code in {
        403,
        404,
    }
    classroom.refresh_from_db()
    assert classroom.is_archived


def test_students_see_an_archived_class_marked_finished_and_keep_their_pictures(
    client: Client, classroom: Classroom, assignment: Assignment, student: User
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    classroom.archive()
    client.force_login(student)

    assertContains(client.get(reverse("student_classes")), "Finished")
    assert client.get(reverse("image", args=[picture.pk])).status_code == 200


def test_a_co_teacher_may_leave_a_class_after_asking(
    client: Client, teacher: User, co_teacher: User, classroom: Classroom
) -> None:
    classroom.teachers.add(co_teacher)
    client.force_login(co_teacher)
    url = reverse("teacher_remove_co_teacher", args=[classroom.pk, co_teacher.pk])

    asked = client.get(url)
    left = client.post(url)

    assertContains(asked, "Stop teaching Class 5B?")
    assert left["Location"] == reverse("teacher_dashboard")
    assert list(classroom.teachers.all()) == [teacher]
    assert client.get(reverse("teacher_class", args=[classroom.pk])).status_code == 404
