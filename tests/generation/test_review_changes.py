"""A decision can be changed later, every decision is kept, and the student sees new
ones marked "New" until they have seen them (issue 14)."""

from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation, ReviewDecision, TurnIn
from tests.support.factories import finished_generation

APPROVED, REJECTED = Generation.Status.APPROVED, Generation.Status.REJECTED


def _decide(client, generation: Generation, decision: str, **extra: str):  # type: ignore[no-untyped-def]
    data = {"decision": decision, **extra}
    return client.post(reverse("review", args=[generation.pk]), data)


def test_taking_back_an_approval_takes_the_picture_out_of_the_gallery_at_once(
    client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment, status=APPROVED)
    thumb = reverse("image_file", args=[picture.pk, "thumb"])
    client.force_login(classmate)
    assert thumb in client.get(reverse("gallery", args=[assignment.pk])).content.decode()

    client.force_login(teacher)
    _decide(client, picture, "reject", reason="Let's keep people's faces out.", expected=APPROVED)

    picture.refresh_from_db()
    assert picture.status == REJECTED
    client.force_login(classmate)
    assert thumb not in client.get(reverse("gallery", args=[assignment.pk])).content.decode()
    assert client.get(thumb).status_code == 404


def test_a_rejected_picture_can_be_approved_after_all(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "reject", reason="Tell me more.", give_try_back="on")
    _decide(client, picture, "approve", expected=REJECTED)

    picture.refresh_from_db()
    assert picture.status == APPROVED
    assert picture.rejection_reason == "" and picture.try_given_back is False


def test_every_decision_and_change_is_kept_and_shown_to_teachers_on_the_picture_page(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "approve")
    _decide(client, picture, "reject", reason="Tell me more about the weather.")
    _decide(client, picture, "approve")

    trail = list(
        ReviewDecision.objects.filter(generation=picture).values_list(
            "from_status", "to_status", "reason", "teacher"
        )
    )
    assert trail == [
        (Generation.Status.AWAITING_REVIEW, APPROVED, "", teacher.pk),
        (APPROVED, REJECTED, "Tell me more about the weather.", teacher.pk),
        (REJECTED, APPROVED, "", teacher.pk),
    ]
    page = client.get(reverse("image", args=[picture.pk])).content.decode()
    assert 'id="decisions"' in page
    assert "Tell me more about the weather." in page
    assert "Take back the approval" in page


def test_the_student_and_classmates_do_not_see_the_trail(
    client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "approve")
    for person in (student, classmate):
        client.force_login(person)
        page = client.get(reverse("image", args=[picture.pk])).content.decode()
        assert 'id="decisions"' not in page
        assert "Take back the approval" not in page


def test_another_classes_teacher_cannot_change_a_decision(
    client, teacher: User, other_teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment, status=APPROVED)
    client.force_login(other_teacher)
    assert _decide(client, picture, "reject", reason="no").status_code == 404
    assert Generation.objects.get(pk=picture.pk).status == APPROVED
    assert not ReviewDecision.objects.exists()


def test_a_student_cannot_change_a_decision_about_their_picture(
    client, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment, status=REJECTED)
    client.force_login(student)
    _decide(client, picture, "approve")
    assert Generation.objects.get(pk=picture.pk).status == REJECTED


def test_a_decision_on_a_page_that_was_out_of_date_is_refused(
    client, teacher: User, other_teacher: User, student: User, assignment: Assignment
) -> None:
    """Another teacher of the class approved meanwhile; the first page still showed the
    picture waiting, so its "Reject" is not stacked on top of the approval."""
    assignment.classroom.teachers.add(other_teacher)
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(other_teacher)
    _decide(client, picture, "approve")

    client.force_login(teacher)
    _decide(client, picture, "reject", reason="no", expected=Generation.Status.AWAITING_REVIEW)

    assert Generation.objects.get(pk=picture.pk).status == APPROVED
    assert ReviewDecision.objects.count() == 1


def test_the_student_sees_a_new_decision_marked_new_until_they_have_seen_it(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "reject", reason="Lovely idea! Tell me more.")

    client.force_login(student)
    url = reverse("student_assignment", args=[assignment.pk])
    first = client.get(url).content.decode()
    assert "data-new-decision" in first
    assert "Lovely idea! Tell me more." in first
    assert "data-new-decision" not in client.get(url).content.decode()

    # A change of the decision is new again.
    client.force_login(teacher)
    _decide(client, picture, "approve")
    client.force_login(student)
    assert "data-new-decision" in client.get(url).content.decode()


def test_a_classmate_does_not_see_anyones_new_mark(
    client, teacher: User, student: User, classmate: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "approve")
    client.force_login(classmate)
    page = client.get(reverse("image", args=[picture.pk])).content.decode()
    assert "data-new-decision" not in page
    # ...and looking did not mark it seen for its owner.
    assert Generation.objects.get(pk=picture.pk).decision_unseen is True


def test_the_same_decision_twice_changes_nothing(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "approve")
    _decide(client, picture, "approve")
    assert ReviewDecision.objects.count() == 1


def test_admins_read_the_trail_and_cannot_write_it(
    client, admin_user: User, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "reject", reason="Tell me more about the weather.")
    client.force_login(admin_user)
    trail = client.get(reverse("admin:generation_reviewdecision_changelist")).content.decode()
    assert "Tell me more about the weather." in trail
    assert client.get(reverse("admin:generation_reviewdecision_add")).status_code == 403


def test_taking_back_an_approval_also_takes_the_picture_out_of_the_turned_in_work(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment, status=APPROVED)
    TurnIn.objects.create(
        student=student, assignment=assignment, generation=picture, caption="My best one"
    )
    client.force_login(teacher)
    _decide(client, picture, "reject", reason="Let's leave names out.", expected=APPROVED)
    assert not TurnIn.objects.filter(generation=picture).exists()


def test_approved_after_all_a_picture_leaves_the_safety_log_as_a_teachers_rejection(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "reject", reason="Tell me more.")
    assert Generation.objects.get(pk=picture.pk).safety_layer == Generation.SafetyLayer.TEACHER
    _decide(client, picture, "approve")
    assert Generation.objects.get(pk=picture.pk).safety_layer == ""


def test_opening_the_picture_itself_also_marks_its_new_decision_seen(
    client, teacher: User, student: User, assignment: Assignment
) -> None:
    picture = finished_generation(student=student, assignment=assignment)
    client.force_login(teacher)
    _decide(client, picture, "approve")
    client.force_login(student)
    assert "data-new-decision" in client.get(reverse("image", args=[picture.pk])).content.decode()
    assert Generation.objects.get(pk=picture.pk).decision_unseen is False
