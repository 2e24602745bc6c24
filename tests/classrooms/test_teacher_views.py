from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from classrooms import messages, services
from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from tests.conftest import signs_in
from tests.support.factories import GenerationFactory

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def flashed(response: TestResponse) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def assignment_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "Animals in space",
        "instructions": "An animal floating next to a planet.",
        "due_at": "",
        "image_limit": "3",
        "requires_approval": "on",
        "allowed_orientations": ["square", "portrait"],
        "allowed_qualities": ["hd"],
        "allowed_styles": ["natural"],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# Dashboard and classes


def test_dashboard_lists_only_the_teachers_own_classes(
    client: Client, teacher: User, classroom: Classroom, other_classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_dashboard"))

    assert response.status_code == 200
    assert list(response.context["classrooms"]) == [classroom]
    assert response.context["classrooms"][0].student_count == 2
    assertContains(response, "Class 5B")
    assertContains(response, classroom.join_code)
    assertNotContains(response, "Class 6A")
    assertNotContains(response, other_classroom.join_code)


def test_dashboard_counts_each_classs_students_and_pictures_to_review(
    client: Client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    waiting, approved = Generation.Status.AWAITING_REVIEW, Generation.Status.APPROVED
    for author, status in [(student, waiting), (student, waiting), (student, approved)]:
        GenerationFactory(student=author, assignment=assignment, status=status)
    GenerationFactory(student=classmate, assignment=assignment, status=waiting)
    services.classroom_create(teacher=teacher, name="Class 1A")
    client.force_login(teacher)

    response = client.get(reverse("teacher_dashboard"))

    counts = {c.name: (c.student_count, c.waiting) for c in response.context["classrooms"]}
    assert counts == {"Class 5B": (2, 3), "Class 1A": (0, 0)}
    assert response.context["review_count"] == 3
    assertContains(response, "3 pictures are waiting for your review.")


def test_teacher_creates_a_class(client: Client, teacher: User) -> None:
    client.force_login(teacher)

    response = client.post(reverse("teacher_class_create"), {"name": "Class 3C"})

    classroom = Classroom.objects.get(name="Class 3C")
    assertRedirects(response, reverse("teacher_class", args=[classroom.pk]))
    assert list(classroom.teachers.all()) == [teacher]
    assert classroom.students.count() == 0


def test_creating_a_class_without_a_name_creates_nothing(client: Client, teacher: User) -> None:
    client.force_login(teacher)

    response = client.post(reverse("teacher_class_create"), {"name": "  "})

    assertContains(response, "This field is required.", status_code=400)
    assert not Classroom.objects.exists()


def test_class_page_shows_the_roster_and_the_join_code(
    client: Client, teacher: User, classroom: Classroom, outsider: User
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_class", args=[classroom.pk]))

    assert response.status_code == 200
    assert [s.username for s in response.context["students"]] == ["ana", "ben"]
    assertContains(response, "Ana")
    assertContains(response, "Ben")
    assertNotContains(response, "Zoe")
    assertContains(
        response, f'<span class="join-code" id="join-code">{classroom.join_code}</span>', html=True
    )


def test_class_page_counts_blocked_attempts_per_assignment(
    client: Client, teacher: User, student: User, assignment: Assignment
) -> None:
    GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="a scary monster",
        blocked=True,
        safety_rule="scary",
    )
    client.force_login(teacher)

    response = client.get(reverse("teacher_class", args=[assignment.classroom_id]))

    [row] = response.context["assignments"]
    assert row.blocked == 1
    assert row.waiting == 0


def test_teacher_makes_a_new_join_code(client: Client, teacher: User, classroom: Classroom) -> None:
    old_code = classroom.join_code
    client.force_login(teacher)

    response = client.post(reverse("teacher_rotate_join_code", args=[classroom.pk]))

    assertRedirects(response, reverse("teacher_class", args=[classroom.pk]))
    classroom.refresh_from_db()
    assert classroom.join_code != old_code
    assert classroom.join_code in flashed(response)[0]


def test_a_new_join_code_is_only_made_by_post_after_asking(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    old_code = classroom.join_code
    client.force_login(teacher)

    response = client.get(reverse("teacher_rotate_join_code", args=[classroom.pk]))

    assertContains(response, "Make a new join code for Class 5B?")
    assertContains(response, old_code)
    classroom.refresh_from_db()
    assert classroom.join_code == old_code


# Students


def test_teacher_adds_a_new_student_and_sees_a_password_that_works(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_add_student", args=[classroom.pk]),
        {"username": "carla", "display_name": "Carla"},
    )

    assertContains(response, "carla is in the class now. Give them this card.")
    carla = User.objects.get(username="carla")
    assert carla.role == User.Role.STUDENT
    assert carla.display_name == "Carla"
    assert classroom.students.filter(pk=carla.pk).exists()
    assert flashed(response) == []
    match = re.search(r'<code id="card-password">(\S+)</code>', response.content.decode())
    assert match is not None
    assert signs_in("carla", match.group(1))


def test_adding_a_student_with_an_empty_username_creates_nothing(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_add_student", args=[classroom.pk]),
        {"username": "  ", "display_name": "Carla"},
    )

    assert response.status_code == 400
    assert response.context["add_form"].errors["username"] == ["This field is required."]
    assertContains(response, "This field is required.", status_code=400)
    assert User.objects.count() == 3
    assert classroom.students.count() == 2


def test_adding_a_student_with_a_space_in_the_username_explains_why(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_add_student", args=[classroom.pk]), {"username": "carla lopez"}
    )

    assert response.status_code == 400
    assert "valid username" in response.context["add_form"].errors["username"][0]
    assert not User.objects.filter(username__icontains="carla").exists()


@pytest.mark.parametrize("taken", ["mr_stone", "zoe", "ZOE"])
def test_adding_a_taken_username_never_pulls_someone_from_another_class(
    client: Client,
    teacher: User,
    classroom: Classroom,
    other_teacher: User,
    outsider: User,
    taken: str,
) -> None:
    client.force_login(teacher)

    response = client.post(reverse("teacher_add_student", args=[classroom.pk]), {"username": taken})

    assertContains(response, "ask the student to join with the class code", status_code=400)
    assert not classroom.students.filter(pk__in=[other_teacher.pk, outsider.pk]).exists()
    assert signs_in("zoe", "pass-word-123")


def test_teacher_resets_a_students_password(
    client: Client, teacher: User, classroom: Classroom, student: User
) -> None:
    client.force_login(teacher)

    response = client.post(reverse("teacher_reset_password", args=[classroom.pk, student.pk]))

    assertContains(response, "ana has a new password. Give them this card.")
    assert flashed(response) == []
    match = re.search(r'<code id="card-password">(\S+)</code>', response.content.decode())
    assert match is not None
    assert not signs_in("ana", "pass-word-123")
    assert signs_in("ana", match.group(1))


def test_teacher_cannot_reset_the_password_of_a_student_in_another_class(
    client: Client,
    teacher: User,
    classroom: Classroom,
    other_classroom: Classroom,
    outsider: User,
) -> None:
    client.force_login(teacher)

    response = client.post(reverse("teacher_reset_password", args=[classroom.pk, outsider.pk]))

    assert response.status_code == 404
    assert signs_in("zoe", "pass-word-123")


# Assignments


def test_assignment_form_offers_only_what_dall_e_3_supports(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.get(reverse("teacher_assignment_create", args=[classroom.pk]))

    assert response.status_code == 200
    fields = response.context["form"].fields
    assert [value for value, _ in fields["allowed_orientations"].choices] == [
        "square",
        "landscape",
        "portrait",
    ]
    assert [value for value, _ in fields["allowed_qualities"].choices] == ["standard", "hd"]
    assert [value for value, _ in fields["allowed_styles"].choices] == ["vivid", "natural"]
    offered = {
        "allowed_orientations": ["square", "landscape", "portrait"],
        "allowed_qualities": ["standard", "hd"],
        "allowed_styles": ["vivid", "natural"],
    }
    for name, values in offered.items():
        for value in values:
            assertContains(response, f'type="checkbox" name="{name}" value="{value}"', count=1)
    assertNotContains(response, 'value="low"')
    assertNotContains(response, 'value="high"')


def test_assignment_form_for_dall_e_2_offers_only_square_and_no_quality_or_style(
    client: Client, teacher: User, classroom: Classroom, settings: Any
) -> None:
    settings.IMAGE_MODEL = "dall-e-2"
    client.force_login(teacher)

    response = client.get(reverse("teacher_assignment_create", args=[classroom.pk]))

    fields = response.context["form"].fields
    assert [value for value, _ in fields["allowed_orientations"].choices] == ["square"]
    assert "allowed_qualities" not in fields
    assert "allowed_styles" not in fields
    assertNotContains(response, 'value="landscape"')
    assertNotContains(response, 'value="hd"')


def test_teacher_creates_an_assignment(client: Client, teacher: User, classroom: Classroom) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_assignment_create", args=[classroom.pk]), assignment_data()
    )

    assignment = Assignment.objects.get(title="Animals in space")
    assertRedirects(response, reverse("teacher_assignment", args=[assignment.pk]))
    assert assignment.classroom == classroom
    assert assignment.created_by == teacher
    assert assignment.image_limit == 3
    assert assignment.requires_approval is True
    assert assignment.is_open is True
    assert assignment.allowed_orientations == ["square", "portrait"]
    assert assignment.allowed_qualities == ["hd"]
    assert assignment.allowed_styles == ["natural"]


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("image_limit", {"image_limit": "0"}),
        ("title", {"title": ""}),
        ("allowed_qualities", {"allowed_qualities": ["high"]}),
        ("allowed_orientations", {"allowed_orientations": ["panorama"]}),
    ],
)
def test_an_invalid_assignment_is_shown_again_and_not_saved(
    client: Client, teacher: User, classroom: Classroom, field: str, overrides: dict[str, Any]
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_assignment_create", args=[classroom.pk]), assignment_data(**overrides)
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not Assignment.objects.exists()


def test_an_image_limit_of_zero_gets_a_message_about_the_limit(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_assignment_create", args=[classroom.pk]), assignment_data(image_limit="0")
    )

    assertContains(response, "greater than or equal to 1", status_code=400)
    assertNotContains(response, "Constraint", status_code=400)


def test_teacher_edits_an_assignment(client: Client, teacher: User, assignment: Assignment) -> None:
    client.force_login(teacher)
    form_page = client.get(reverse("teacher_assignment_edit", args=[assignment.pk]))
    assert form_page.context["form"].initial["title"] == "A monument in a new setting"

    response = client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        assignment_data(
            title="A monument under the sea",
            image_limit="2",
            requires_approval=None,
            allowed_orientations=["landscape"],
            allowed_qualities=["standard"],
            allowed_styles=["vivid"],
            due_at="2030-05-01T10:00",
        ),
    )

    assertRedirects(response, reverse("teacher_assignment", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.title == "A monument under the sea"
    assert assignment.image_limit == 2
    assert assignment.requires_approval is False
    assert assignment.allowed_orientations == ["landscape"]
    assert assignment.allowed_qualities == ["standard"]
    assert assignment.allowed_styles == ["vivid"]
    assert assignment.due_at == timezone.make_aware(datetime(2030, 5, 1, 10, 0))
    assert assignment.created_by == teacher


def test_the_form_says_whether_it_makes_a_new_assignment_or_edits_one(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)

    new = client.get(reverse("teacher_assignment_create", args=[assignment.classroom_id]))
    edit = client.get(reverse("teacher_assignment_edit", args=[assignment.pk]))
    invalid_edit = client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]), assignment_data(title="")
    )

    assertContains(new, "<h1>New assignment</h1>")
    assertNotContains(new, "Edit assignment")
    assertContains(edit, "<h1>Edit assignment</h1>")
    assertContains(invalid_edit, "<h1>Edit assignment</h1>", status_code=400)


def test_a_co_teacher_edits_an_assignment_without_becoming_its_author(
    client: Client, teacher: User, other_teacher: User, assignment: Assignment
) -> None:
    assignment.classroom.teachers.add(other_teacher)
    client.force_login(other_teacher)

    response = client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        assignment_data(title="A monument on Mars"),
    )

    assertRedirects(response, reverse("teacher_assignment", args=[assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.title == "A monument on Mars"
    assert assignment.created_by == teacher


def test_an_invalid_edit_changes_nothing(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        assignment_data(title="", image_limit="0"),
    )

    assert response.status_code == 400
    assignment.refresh_from_db()
    assert assignment.title == "A monument in a new setting"
    assert assignment.image_limit == 5


def test_teacher_closes_and_reopens_an_assignment(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    url = reverse("teacher_assignment_toggle", args=[assignment.pk])

    closed = client.post(url)

    assertRedirects(closed, reverse("teacher_assignment", args=[assignment.pk]))
    assert flashed(closed) == [str(messages.ASSIGNMENT_CLOSED)]
    assignment.refresh_from_db()
    assert assignment.is_open is False

    reopened = client.post(url)

    assert flashed(reopened) == [str(messages.ASSIGNMENT_REOPENED)]
    assignment.refresh_from_db()
    assert assignment.is_open is True


def test_assignment_page_lists_blocked_attempts_too(
    client: Client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    blocked = GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="a bloody battle at the pyramids",
        blocked=True,
        safety_rule="bloody",
    )
    queued = GenerationFactory(
        student=classmate, assignment=assignment, prompt="the Eiffel Tower on the Moon"
    )
    client.force_login(teacher)

    response = client.get(reverse("teacher_assignment", args=[assignment.pk]))

    assert response.status_code == 200
    assert set(response.context["generations"]) == {blocked, queued}
    assertContains(response, "a bloody battle at the pyramids")
    assertContains(response, "School disallow list: bloody")
    assertContains(response, "Not sent")

    only_blocked = client.get(
        reverse("teacher_assignment", args=[assignment.pk]), {"status": "blocked"}
    )

    assert list(only_blocked.context["generations"]) == [blocked]
    assertNotContains(only_blocked, "the Eiffel Tower on the Moon")


def test_assignment_page_does_not_list_another_assignments_work(
    client: Client, teacher: User, student: User, assignment: Assignment, classroom: Classroom
) -> None:
    second = Assignment.objects.create(classroom=classroom, title="Dragons", created_by=teacher)
    GenerationFactory(student=student, assignment=second, prompt="a friendly dragon", blocked=True)
    client.force_login(teacher)

    response = client.get(reverse("teacher_assignment", args=[assignment.pk]))

    assert list(response.context["generations"]) == []
    assertNotContains(response, "a friendly dragon")


# The wrong person

CLASS_URLS = [
    ("get", "teacher_class"),
    ("post", "teacher_rotate_join_code"),
    ("post", "teacher_add_student"),
    ("get", "teacher_assignment_create"),
    ("post", "teacher_assignment_create"),
]
ASSIGNMENT_URLS = [
    ("get", "teacher_assignment"),
    ("get", "teacher_assignment_edit"),
    ("post", "teacher_assignment_edit"),
    ("post", "teacher_assignment_toggle"),
]
POST_DATA = {"username": "carla", "name": "Class 9Z", **assignment_data(title="Hijacked")}


def url_for(name: str, assignment: Assignment, student: User) -> str:
    if name in {url_name for _, url_name in ASSIGNMENT_URLS}:
        return reverse(name, args=[assignment.pk])
    if name == "teacher_reset_password":
        return reverse(name, args=[assignment.classroom_id, student.pk])
    if name in {"teacher_dashboard", "teacher_class_create"}:
        return reverse(name)
    return reverse(name, args=[assignment.classroom_id])


def request(client: Client, method: str, url: str) -> TestResponse:
    if method == "post":
        return client.post(url, POST_DATA)
    return client.get(url)


EVERY_CLASS_OR_ASSIGNMENT_URL = [
    *CLASS_URLS,
    ("post", "teacher_reset_password"),
    *ASSIGNMENT_URLS,
]
EVERY_TEACHER_URL = [
    ("get", "teacher_dashboard"),
    ("post", "teacher_class_create"),
    *EVERY_CLASS_OR_ASSIGNMENT_URL,
]


def snapshot(assignment: Assignment) -> tuple[object, ...]:
    classroom = Classroom.objects.get(pk=assignment.classroom_id)
    saved = Assignment.objects.get(pk=assignment.pk)
    return (
        classroom.join_code,
        sorted(classroom.students.values_list("username", flat=True)),
        sorted(Assignment.objects.values_list("title", flat=True)),
        saved.is_open,
        User.objects.get(username="ana").password,
        Classroom.objects.count(),
        User.objects.count(),
    )


@pytest.mark.parametrize(("method", "name"), EVERY_CLASS_OR_ASSIGNMENT_URL)
def test_another_teacher_gets_404_and_changes_nothing(
    client: Client,
    other_teacher: User,
    other_classroom: Classroom,
    assignment: Assignment,
    student: User,
    method: str,
    name: str,
) -> None:
    before = snapshot(assignment)
    client.force_login(other_teacher)

    response = request(client, method, url_for(name, assignment, student))

    assert response.status_code == 404
    assert snapshot(assignment) == before


@pytest.mark.parametrize(("method", "name"), EVERY_TEACHER_URL)
def test_a_student_gets_403_on_teacher_pages_and_changes_nothing(
    client: Client, student: User, assignment: Assignment, method: str, name: str
) -> None:
    before = snapshot(assignment)
    client.force_login(student)

    response = request(client, method, url_for(name, assignment, student))

    assert response.status_code == 403
    assert snapshot(assignment) == before


@pytest.mark.parametrize(("method", "name"), EVERY_TEACHER_URL)
def test_a_school_admin_gets_403_on_teacher_pages(
    client: Client,
    admin_user: User,
    assignment: Assignment,
    student: User,
    method: str,
    name: str,
) -> None:
    client.force_login(admin_user)

    response = request(client, method, url_for(name, assignment, student))

    assert response.status_code == 403


@pytest.mark.parametrize(("method", "name"), EVERY_TEACHER_URL)
def test_an_anonymous_visitor_is_sent_to_sign_in_and_changes_nothing(
    client: Client, assignment: Assignment, student: User, method: str, name: str
) -> None:
    before = snapshot(assignment)
    url = url_for(name, assignment, student)

    response = request(client, method, url)

    assertRedirects(response, f"/accounts/login/?next={url}", fetch_redirect_response=False)
    assert snapshot(assignment) == before


def test_a_new_assignment_form_starts_with_every_shape_and_style_ticked(
    client: Client, teacher: User, classroom: Classroom
) -> None:
    client.force_login(teacher)

    page = client.get(reverse("teacher_assignment_create", args=[classroom.pk])).content.decode()

    for value in ("square", "landscape", "portrait", "standard", "vivid", "natural"):
        assert re.search(rf'value="{value}"[^>]*checked', page), value
    assert not re.search(r'value="hd"[^>]*checked', page)


@pytest.mark.parametrize(
    ("limit", "text"), [(1, "1 picture per student"), (3, "3 pictures per student")]
)
def test_the_assignment_page_says_picture_or_pictures_per_student(
    client: Client, teacher: User, assignment: Assignment, limit: int, text: str
) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(image_limit=limit)
    client.force_login(teacher)

    response = client.get(reverse("teacher_assignment", args=[assignment.pk]))

    assertContains(response, text)
    assertNotContains(response, "1 pictures")
