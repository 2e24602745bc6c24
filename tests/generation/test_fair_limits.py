"""Fair limits (issue 14): a rejected try can be given back, and a teacher can give one
student extra pictures for one assignment; both show in the student's pictures left."""

import re

import pytest
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import ExtraPictures, Generation, ReviewDecision
from generation.selectors import pictures_left
from generation.services import generation_submit
from tests.support.factories import finished_generation


@pytest.fixture
def two_pictures(assignment: Assignment) -> Assignment:
    Assignment.objects.filter(pk=assignment.pk).update(image_limit=2)
    assignment.refresh_from_db()
    return assignment


def _left_on_page(client, assignment: Assignment) -> int:  # type: ignore[no-untyped-def]
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    found = re.search(r"You can make (\d+) more picture", page)
    assert found, "the page says how many pictures are left"
    return int(found.group(1))


def _reject(client, generation: Generation, **extra: str):  # type: ignore[no-untyped-def]
    data = {"decision": "reject", "reason": "Tell me more.", **extra}
    return client.post(reverse("review", args=[generation.pk]), data)


def test_rejecting_with_the_try_given_back_returns_the_picture_to_the_allowance(
    client, teacher: User, student: User, two_pictures: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=two_pictures)
    assert pictures_left(student=student, assignment=two_pictures) == 1
    client.force_login(teacher)
    _reject(client, picture, give_try_back="on")

    assert pictures_left(student=student, assignment=two_pictures) == 2
    client.force_login(student)
    assert _left_on_page(client, two_pictures) == 2


def test_rejecting_without_giving_the_try_back_keeps_it_used(
    client, teacher: User, student: User, two_pictures: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=two_pictures)
    client.force_login(teacher)
    _reject(client, picture)
    assert pictures_left(student=student, assignment=two_pictures) == 1


def test_the_reject_form_offers_giving_the_try_back_ticked(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    page = client.get(reverse("review_queue")).content.decode()
    assert 'name="give_try_back" value="on" checked' in page


def test_a_double_click_or_a_re_decision_gives_the_try_back_once(
    client, teacher: User, student: User, two_pictures: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=two_pictures)
    finished_generation(student=student, assignment=two_pictures)
    client.force_login(teacher)
    _reject(client, picture, give_try_back="on")
    _reject(client, picture, give_try_back="on")  # the double click
    assert pictures_left(student=student, assignment=two_pictures) == 1

    # Approved after all: in the gallery, so it counts again; rejected again: back once.
    client.post(reverse("review", args=[picture.pk]), {"decision": "approve"})
    assert pictures_left(student=student, assignment=two_pictures) == 0
    _reject(client, picture, give_try_back="on")
    assert pictures_left(student=student, assignment=two_pictures) == 1
    assert ReviewDecision.objects.filter(generation=picture, gave_try_back=True).count() == 2
    # (the other picture counted all along: 2 allowed, 1 left)


def test_a_student_with_the_try_back_can_make_another_picture(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    Assignment.objects.filter(pk=assignment.pk).update(image_limit=1)
    assignment.refresh_from_db()
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _reject(client, picture, give_try_back="on")

    made = generation_submit(
        student=student, assignment=assignment, prompt="a calm lake", options={}
    )
    assert len(made) == 1


def test_extra_pictures_for_one_student_show_in_their_pictures_left_only(
    client, teacher: User, student: User, classmate: User, two_pictures: Assignment
) -> None:
    client.force_login(teacher)
    response = client.post(
        reverse("teacher_extra_pictures", args=[two_pictures.pk]),
        {"student": student.pk, "count": 3},
    )
    assert response.status_code == 302
    assert pictures_left(student=student, assignment=two_pictures) == 5
    assert pictures_left(student=classmate, assignment=two_pictures) == 2
    client.force_login(student)
    assert _left_on_page(client, two_pictures) == 5


def test_extra_pictures_sent_twice_are_given_once(
    client, teacher: User, student: User, two_pictures: Assignment
) -> None:
    client.force_login(teacher)
    url = reverse("teacher_extra_pictures", args=[two_pictures.pk])
    client.post(url, {"student": student.pk, "count": 3})
    client.post(url, {"student": student.pk, "count": 3})
    assert pictures_left(student=student, assignment=two_pictures) == 5
    assert ExtraPictures.objects.count() == 1
    page = client.get(reverse("teacher_assignment", args=[two_pictures.pk])).content.decode()
    assert f"{student} +3" in page


def test_another_classes_teacher_cannot_give_extra_pictures(
    client, other_teacher: User, student: User, two_pictures: Assignment
) -> None:
    client.force_login(other_teacher)
    response = client.post(
        reverse("teacher_extra_pictures", args=[two_pictures.pk]),
        {"student": student.pk, "count": 3},
    )
    assert response.status_code == 404
    assert not ExtraPictures.objects.exists()


def test_extra_pictures_go_only_to_a_student_of_the_class(
    client, teacher: User, outsider: User, two_pictures: Assignment
) -> None:
    client.force_login(teacher)
    client.post(
        reverse("teacher_extra_pictures", args=[two_pictures.pk]),
        {"student": outsider.pk, "count": 3},
    )
    assert not ExtraPictures.objects.exists()


def test_a_student_cannot_give_themselves_extra_pictures(
    client, student: User, two_pictures: Assignment
) -> None:
    client.force_login(student)
    client.post(
        reverse("teacher_extra_pictures", args=[two_pictures.pk]),
        {"student": student.pk, "count": 3},
    )
    assert not ExtraPictures.objects.exists()


def test_the_assignment_page_offers_the_extra_pictures_form(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    page = client.get(reverse("teacher_assignment", args=[assignment.pk])).content.decode()
    assert reverse("teacher_extra_pictures", args=[assignment.pk]) in page
    assert f'<option value="{student.pk}">' in page
