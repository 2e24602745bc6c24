from io import StringIO

from django.core.management import call_command

from classrooms.models import Assignment, Classroom, TeacherInviteCode, User
from tests.conftest import signs_in


def seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "classes": Classroom.objects.count(),
        "assignments": Assignment.objects.count(),
        "invite codes": TeacherInviteCode.objects.count(),
    }


def test_seed_demo_creates_a_small_school(db: None) -> None:
    seed_demo()

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.role == User.Role.ADMIN
    teacher = User.objects.get(username="teacher")
    assert teacher.role == User.Role.TEACHER
    classroom = Classroom.objects.get()
    assert list(classroom.teachers.all()) == [teacher]
    assert sorted(s.username for s in classroom.students.all()) == ["ana", "ben"]
    assert {s.role for s in classroom.students.all()} == {User.Role.STUDENT}
    assignment = Assignment.objects.get()
    assert assignment.classroom == classroom
    assert assignment.created_by == teacher
    assert assignment.is_open
    assert TeacherInviteCode.objects.get().code == "DEMO-TEACHERS"
    assert row_counts() == {"users": 4, "classes": 1, "assignments": 1, "invite codes": 1}


def test_seed_demo_prints_logins_that_work(db: None) -> None:
    output = seed_demo()

    classroom = Classroom.objects.get()
    assert "Demo school created." in output
    assert f"class join code: {classroom.join_code}" in output
    assert "teacher invite code: DEMO-TEACHERS" in output
    for username, password in [
        ("admin", "edu4all-admin"),
        ("teacher", "edu4all-teacher"),
        ("ana", "edu4all-ana"),
        ("ben", "edu4all-ben"),
    ]:
        assert f"{username} / {password}" in output
        assert signs_in(username, password), username


def test_running_seed_demo_twice_creates_nothing_more(db: None) -> None:
    seed_demo()
    before = row_counts()
    join_code = Classroom.objects.get().join_code

    output = seed_demo()

    assert row_counts() == before
    assert "Demo school already exists." in output
    assert f"class join code: {join_code}" in output
    assert "teacher / edu4all-teacher" in output
