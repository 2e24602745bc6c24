"""A teacher approves or rejects pictures; the student sees the outcome."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation
from generation.services import image_review
from tests.support.factories import drawing_generation, finished_generation


def test_teacher_sees_only_their_classes_pictures_in_the_review_queue(
    client,
    teacher: User,
    student: User,
    assignment: Assignment,
    outsider: User,
    other_assignment: Assignment,
) -> None:
    mine = finished_generation(student=student, assignment=assignment)
    theirs = finished_generation(student=outsider, assignment=other_assignment)
    client.force_login(teacher)
    page = client.get(reverse("review_queue")).content.decode()
    assert f'id="review-{mine.pk}"' in page
    assert f'id="review-{theirs.pk}"' not in page


def test_teacher_approves_and_classmates_can_see_it_in_the_gallery(
    client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    response = client.post(reverse("review", args=[generation.pk]), {"decision": "approve"})
    assert response.status_code == 302

    generation.refresh_from_db()
    assert generation.status == Generation.Status.APPROVED
    assert generation.reviewed_by == teacher and generation.reviewed_at is not None

    client.force_login(classmate)
    gallery = client.get(reverse("gallery", args=[assignment.pk])).content.decode()
    assert reverse("image_file", args=[generation.pk, "thumb"]) in gallery


def test_pending_pictures_stay_out_of_the_gallery(
    client, student: User, classmate: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    client.force_login(classmate)
    gallery = client.get(reverse("gallery", args=[assignment.pk])).content.decode()
    assert reverse("image_file", args=[generation.pk, "thumb"]) not in gallery


def test_teacher_rejects_with_a_reason_the_student_reads(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    client.post(
        reverse("review", args=[generation.pk]),
        {"decision": "reject", "reason": "Please show the whole monument."},
    )

    client.force_login(student)
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert "Please show the whole monument." in page
    assert Generation.objects.get().status == Generation.Status.REJECTED


def test_rejecting_without_a_reason_asks_for_one_and_changes_nothing(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    response = client.post(
        reverse("review", args=[generation.pk]),
        {"decision": "reject", "reason": "   "},
        follow=True,
    )
    assert "Please write a short reason" in response.content.decode()
    generation.refresh_from_db()
    assert generation.status == Generation.Status.AWAITING_REVIEW


def test_a_picture_still_being_drawn_cannot_be_approved(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    drawing = drawing_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    response = client.post(
        reverse("review", args=[drawing.pk]), {"decision": "approve"}, follow=True
    )
    assert "already been reviewed or is not ready" in response.content.decode()
    drawing.refresh_from_db()
    assert drawing.status == Generation.Status.GENERATING


def test_another_teacher_cannot_review_my_students_picture(
    client, other_teacher: User, student: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    client.force_login(other_teacher)
    response = client.post(reverse("review", args=[generation.pk]), {"decision": "approve"})
    assert response.status_code == 404
    generation.refresh_from_db()
    assert generation.status == Generation.Status.AWAITING_REVIEW


def test_a_student_cannot_approve_their_own_picture(
    client, student: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    client.force_login(student)
    assert (
        client.post(reverse("review", args=[generation.pk]), {"decision": "approve"}).status_code
        == 403
    )
    assert client.get(reverse("review_queue")).status_code == 403
    generation.refresh_from_db()
    assert generation.status == Generation.Status.AWAITING_REVIEW


def test_after_review_the_teacher_goes_back_to_the_page_they_came_from(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    back = reverse("teacher_assignment", args=[assignment.pk])
    response = client.post(
        reverse("review", args=[generation.pk]), {"decision": "approve", "next": back}
    )
    assert response.url == back
    evil = client.post(
        reverse("review", args=[generation.pk]),
        {"decision": "approve", "next": "https://evil.example/"},
    )
    assert evil.url == reverse("review_queue")


def test_a_second_teacher_with_an_old_copy_cannot_overturn_a_decision(
    teacher: User, other_teacher: User, student: User, assignment: Assignment
) -> None:
    generation = finished_generation(student=student, assignment=assignment)
    stale_copy = Generation.objects.get(pk=generation.pk)
    image_review(generation=generation, teacher=teacher, approve=True)

    with pytest.raises(ValidationError) as refused:
        image_review(generation=stale_copy, teacher=other_teacher, approve=False, reason="no")
    assert refused.value.code == "changed"
    generation.refresh_from_db()
    assert (generation.status, generation.reviewed_by) == (Generation.Status.APPROVED, teacher)
