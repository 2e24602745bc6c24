"""Create a small demo school the first time `make run` starts, then print the logins."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from classrooms.models import Assignment, Classroom, TeacherInviteCode, User
from classrooms.services import classroom_create

DEMO_ADMIN = ("admin", "edu4all-admin")
DEMO_TEACHER = ("teacher", "edu4all-teacher")
DEMO_STUDENTS = [("ana", "edu4all-ana", "Ana"), ("ben", "edu4all-ben", "Ben")]
DEMO_INVITE_CODE = "DEMO-TEACHERS"


class Command(BaseCommand):
    help = "Create the demo school (admin, teacher, class, assignment, two students) once."

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(username=DEMO_ADMIN[0]).exists():
            self.stdout.write("Demo school already exists.")
        else:
            self._create()
            self.stdout.write(self.style.SUCCESS("Demo school created."))
        self._print_logins()

    @transaction.atomic
    def _create(self) -> None:
        User.objects.create_superuser(
            username=DEMO_ADMIN[0],
            password=DEMO_ADMIN[1],
            email="",
            role=User.Role.ADMIN,
            display_name="School admin",
        )
        teacher = User.objects.create_user(
            username=DEMO_TEACHER[0],
            password=DEMO_TEACHER[1],
            role=User.Role.TEACHER,
            display_name="Ms Rivera",
        )
        classroom = classroom_create(teacher=teacher, name="Class 5B")
        for username, password, name in DEMO_STUDENTS:
            student = User.objects.create_user(
                username=username, password=password, role=User.Role.STUDENT, display_name=name
            )
            classroom.students.add(student)
        Assignment.objects.create(
            classroom=classroom,
            title="A monument in a new setting",
            instructions=(
                "Pick a famous monument (the Eiffel Tower, the Pyramids, the Statue of "
                "Liberty...) and imagine it somewhere surprising: under the sea, on the "
                "Moon, in a jungle. Describe your picture in one or two sentences."
            ),
            allowed_orientations=["square", "landscape", "portrait"],
            created_by=teacher,
        )
        TeacherInviteCode.objects.get_or_create(
            code=DEMO_INVITE_CODE, defaults={"note": "Demo school"}
        )

    def _print_logins(self) -> None:
        classroom = Classroom.objects.filter(name="Class 5B").first()
        lines = [
            "",
            "Demo logins (http://127.0.0.1:8000/):",
            f"  admin    {DEMO_ADMIN[0]} / {DEMO_ADMIN[1]}   (also /admin/)",
            f"  teacher  {DEMO_TEACHER[0]} / {DEMO_TEACHER[1]}",
            *(f"  student  {u} / {p}" for u, p, _ in DEMO_STUDENTS),
            f"  class join code: {classroom.join_code if classroom else '-'}"
            f"   teacher invite code: {DEMO_INVITE_CODE}",
            "",
        ]
        self.stdout.write("\n".join(lines))
