"""Pausing a class: its teachers stop new pictures at once, students read a kind message
instead of the form, and resuming lets them ask again."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from classrooms.models import Assignment, Classroom, User
from generation import messages
from generation.models import Generation, TurnIn
from generation.services import generation_submit
from generation.services.turn_in import turn_in_add
from tests.support.factories import finished_generation, prompt_post


def ask(student: User, assignment: Assignment) -> list[Generation]:
    return generation_submit(
        student=student, assignment=assignment, prompt="a castle made of clouds", options={}
    )


def test_a_teacher_pauses_the_class_and_new_pictures_are_refused(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    response = client.post(reverse("teacher_class_pause", args=[assignment.classroom.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("teacher_class_live", args=[assignment.classroom.pk])
    classroom = Classroom.objects.get(pk=assignment.classroom.pk)
    assert classroom.is_paused and classroom.paused_by == teacher
    with pytest.raises(ValidationError) as refused:
        ask(student, Assignment.objects.get(pk=assignment.pk))
    assert refused.value.messages == [str(messages.CLASS_PAUSED)]
    assert not Generation.objects.exists()


def test_a_pause_stops_a_request_whose_page_was_read_before_it(
    student: User, teacher: User, assignment: Assignment
) -> None:
    # The student's page (and this object) still say the class is going.
    Classroom.objects.get(pk=assignment.classroom.pk).pause(by=teacher)
    assert not assignment.classroom.is_paused
    with pytest.raises(ValidationError) as refused:
        ask(student, assignment)
    assert refused.value.code == "paused"
    assert not Generation.objects.exists()


def test_the_student_sees_the_kind_message_instead_of_the_form(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    assignment.classroom.pause(by=teacher)
    client.force_login(student)
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert "Your teacher has paused the class for a moment" in page
    assert 'id="prompt-form"' not in page
    class_page = client.get(reverse("student_class", args=[assignment.classroom.pk]))
    assert "Your teacher has paused the class for a moment" in class_page.content.decode()


def test_a_form_sent_while_paused_keeps_the_students_words_and_saves_nothing(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    data = prompt_post(student=student, assignment=assignment, prompt="a castle of ice")
    assignment.classroom.pause(by=teacher)
    response = client.post(reverse("student_assignment", args=[assignment.pk]), data)
    assert response.status_code == 400
    assert "Your teacher has paused the class for a moment" in response.content.decode()
    assert not Generation.objects.exists()


def test_resuming_lets_students_ask_again(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    assignment.classroom.pause(by=teacher)
    client.force_login(teacher)
    response = client.post(reverse("teacher_class_resume", args=[assignment.classroom.pk]))
    assert response.status_code == 302
    classroom = Classroom.objects.get(pk=assignment.classroom.pk)
    assert not classroom.is_paused and classroom.paused_by is None
    assert len(ask(student, Assignment.objects.get(pk=assignment.pk))) == 1


def test_pausing_a_paused_class_keeps_who_paused_it_and_when(
    teacher: User, other_teacher: User, classroom: Classroom
) -> None:
    classroom.teachers.add(other_teacher)
    assert classroom.pause(by=teacher)
    first = Classroom.objects.get(pk=classroom.pk)
    assert not Classroom.objects.get(pk=classroom.pk).pause(by=other_teacher)
    again = Classroom.objects.get(pk=classroom.pk)
    assert (again.paused_at, again.paused_by) == (first.paused_at, teacher)


def test_pausing_one_class_leaves_another_going(
    client, teacher: User, outsider: User, assignment: Assignment, other_assignment: Assignment
) -> None:
    assignment.classroom.pause(by=teacher)
    assert len(ask(outsider, other_assignment)) == 1


@pytest.mark.parametrize("name", ["teacher_class_pause", "teacher_class_resume"])
def test_another_teacher_cannot_pause_or_resume_the_class(
    client, name: str, teacher: User, other_teacher: User, classroom: Classroom
) -> None:
    if name == "teacher_class_resume":
        classroom.pause(by=teacher)
    was_paused = classroom.is_paused
    client.force_login(other_teacher)
    assert client.post(reverse(name, args=[classroom.pk])).status_code == 404
    assert Classroom.objects.get(pk=classroom.pk).is_paused == was_paused


@pytest.mark.parametrize("name", ["teacher_class_pause", "teacher_class_resume"])
def test_a_student_cannot_pause_or_resume_their_class(
    client, name: str, teacher: User, student: User, classroom: Classroom
) -> None:
    if name == "teacher_class_resume":
        classroom.pause(by=teacher)
    was_paused = classroom.is_paused
    client.force_login(student)
    assert client.post(reverse(name, args=[classroom.pk])).status_code == 403
    assert Classroom.objects.get(pk=classroom.pk).is_paused == was_paused


def test_signed_out_visitors_are_sent_to_sign_in(client, classroom: Classroom) -> None:
    response = client.post(reverse("teacher_class_pause", args=[classroom.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Classroom.objects.get(pk=classroom.pk).is_paused


def test_pausing_needs_a_post(client, teacher: User, classroom: Classroom) -> None:
    client.force_login(teacher)
    assert client.get(reverse("teacher_class_pause", args=[classroom.pk])).status_code == 405
    assert not Classroom.objects.get(pk=classroom.pk).is_paused


def test_the_teachers_class_page_says_it_is_paused(
    client, teacher: User, classroom: Classroom
) -> None:
    classroom.pause(by=teacher)
    client.force_login(teacher)
    page = client.get(reverse("teacher_class", args=[classroom.pk])).content.decode()
    assert 'id="class-paused"' in page


def test_a_paused_class_may_still_turn_pictures_in(
    teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(
        student=student, assignment=assignment, status=Generation.Status.APPROVED
    )
    assignment.classroom.pause(by=teacher)
    turn_in = turn_in_add(student=student, generation=picture, caption="The clouds look soft")
    assert TurnIn.objects.get() == turn_in
