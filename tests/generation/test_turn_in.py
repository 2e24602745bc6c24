"""A student turns in their picture with a caption, takes it back, picks another; the
teacher sees who turned in what, and who has not."""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, Classroom, User
from generation import messages
from generation.models import Generation, TurnIn
from generation.privacy import student_data
from generation.services.turn_in import turn_in_add
from tests.support.factories import GenerationFactory, finished_generation

CAPTION = "I like how the cats look at the sky"


def approved_picture(student: User, assignment: Assignment, prompt: str = "cats") -> Generation:
    return finished_generation(
        student=student, assignment=assignment, status=Generation.Status.APPROVED, prompt=prompt
    )


def turn_in(client: Client, generation: Generation, caption: str = CAPTION, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("turn_in", args=[generation.pk]), {"caption": caption, **extra}, follow=True
    )


def take_back(client: Client, turn_in_row: TurnIn):  # type: ignore[no-untyped-def]
    return client.post(reverse("turn_in_take_back", args=[turn_in_row.pk]), follow=True)


def said(response) -> list[str]:  # type: ignore[no-untyped-def]
    """The flash messages the page the student lands on shows."""
    return [str(message) for message in response.context["messages"]]


# Turning in


def test_student_turns_in_an_approved_picture_with_a_caption(
    client: Client, student: User, assignment: Assignment
) -> None:
    picture = approved_picture(student, assignment)
    client.force_login(student)
    page = client.get(reverse("student_assignment", args=[assignment.pk]))
    assert f'id="turn-in-form-{picture.pk}"' in page.content.decode()
    assert "You have turned in 0 of 1." in page.content.decode()

    response = turn_in(client, picture)

    assert response.redirect_chain[-1][0] == reverse("student_assignment", args=[assignment.pk])
    assert said(response) == [str(messages.TURN_IN_DONE)]
    row = TurnIn.objects.get()
    assert (row.student, row.assignment, row.generation, row.caption) == (
        student,
        assignment,
        picture,
        CAPTION,
    )
    picture.refresh_from_db()
    assert picture.status == Generation.Status.APPROVED  # turning in is not a status
    shown = response.content.decode()
    assert "You have turned in 1 of 1." in shown
    assert f'id="turned-in-{picture.pk}"' in shown and CAPTION in shown
    assert reverse("turn_in_take_back", args=[row.pk]) in shown
    assert f'id="turn-in-form-{picture.pk}"' not in shown


def test_the_form_sends_the_student_back_to_the_picture_page_it_was_on(
    client: Client, student: User, assignment: Assignment
) -> None:
    picture = approved_picture(student, assignment)
    client.force_login(student)
    picture_page = reverse("image", args=[picture.pk])
    assert f'id="turn-in-form-{picture.pk}"' in client.get(picture_page).content.decode()

    response = turn_in(client, picture, next=picture_page)

    assert response.redirect_chain[-1][0] == picture_page
    assert CAPTION in response.content.decode()
    # Somewhere else is never a place to send a child.
    elsewhere = turn_in(client, approved_picture(student, assignment), next="https://evil.test/")
    assert elsewhere.redirect_chain[-1][0] == reverse("student_assignment", args=[assignment.pk])


def test_a_picture_page_says_when_the_student_has_turned_in_all_they_may(
    client: Client, student: User, assignment: Assignment
) -> None:
    kept, other = approved_picture(student, assignment, "a"), approved_picture(student, assignment)
    client.force_login(student)
    turn_in(client, kept)

    page = client.get(reverse("image", args=[other.pk])).content.decode()

    assert "You have turned in 1 of 1." in page
    assert str(messages.TURN_IN_LIMIT_REACHED % {"limit": 1}) in page
    assert f'id="turn-in-form-{other.pk}"' not in page


def test_a_blocked_pictures_page_says_nothing_about_turning_in(
    client: Client, student: User, assignment: Assignment
) -> None:
    blocked = GenerationFactory(student=student, assignment=assignment, blocked=True)
    client.force_login(student)

    page = client.get(reverse("image", args=[blocked.pk])).content.decode()

    assert 'id="turn-in"' not in page and "turn-in-form" not in page


@pytest.mark.parametrize("caption", ["", "   ", "\u200b\u200b"])
def test_a_picture_without_a_caption_is_not_turned_in(
    client: Client, student: User, assignment: Assignment, caption: str
) -> None:
    picture = approved_picture(student, assignment)
    client.force_login(student)

    response = turn_in(client, picture, caption=caption)

    assert said(response) == [str(messages.TURN_IN_CAPTION_EMPTY)]
    assert not TurnIn.objects.exists()


def test_a_caption_longer_than_280_characters_is_refused_kindly(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)

    response = turn_in(client, approved_picture(student, assignment), caption="a" * 281)

    assert said(response) == [str(messages.TURN_IN_CAPTION_TOO_LONG % {"limit": 280})]
    assert not TurnIn.objects.exists()


def test_a_student_cannot_turn_in_more_pictures_than_the_teacher_asked_for(
    client: Client, student: User, assignment: Assignment
) -> None:
    assignment.turn_in_limit = 2
    assignment.save()
    first, second, third = (approved_picture(student, assignment, p) for p in "abc")
    client.force_login(student)
    turn_in(client, first)
    response = turn_in(client, second)
    assert "You have turned in 2 of 2." in response.content.decode()
    # A full hand offers no more forms.
    assert f'id="turn-in-form-{third.pk}"' not in response.content.decode()

    response = turn_in(client, third)

    assert said(response) == [str(messages.TURN_IN_LIMIT_REACHED % {"limit": 2})]
    assert set(TurnIn.objects.values_list("generation", flat=True)) == {first.pk, second.pk}


def test_an_assignment_that_asks_for_none_offers_no_turning_in(
    client: Client, student: User, assignment: Assignment
) -> None:
    assignment.turn_in_limit = 0
    assignment.save()
    picture = approved_picture(student, assignment)
    client.force_login(student)
    assert (
        'id="turn-in"'
        not in client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    )

    response = turn_in(client, picture)

    assert said(response) == [str(messages.TURN_IN_NOT_ASKED)]
    assert not TurnIn.objects.exists()


def test_a_picture_waiting_for_review_needs_the_teachers_approval_first(
    client: Client, student: User, assignment: Assignment
) -> None:
    waiting = finished_generation(student=student, assignment=assignment)
    client.force_login(student)
    picture_page = client.get(reverse("image", args=[waiting.pk])).content.decode()
    assert str(messages.TURN_IN_NEEDS_APPROVAL) in picture_page
    assert f'id="turn-in-form-{waiting.pk}"' not in picture_page

    response = turn_in(client, waiting)

    assert said(response) == [str(messages.TURN_IN_NEEDS_APPROVAL)]
    assert str(messages.TURN_IN_NEEDS_APPROVAL) == (
        "Your teacher needs to approve it first. Then you can turn it in."
    )
    assert not TurnIn.objects.exists()


def test_without_required_approval_a_picture_waiting_for_review_may_be_turned_in(
    client: Client, student: User, assignment: Assignment
) -> None:
    assignment.requires_approval = False
    assignment.save()
    waiting = finished_generation(student=student, assignment=assignment)
    client.force_login(student)

    response = turn_in(client, waiting)

    assert said(response) == [str(messages.TURN_IN_DONE)]
    assert TurnIn.objects.get().generation == waiting


def test_a_student_cannot_turn_in_a_classmates_picture(
    client: Client, student: User, classmate: User, assignment: Assignment
) -> None:
    # Approved, so the student may open it in the gallery, but it is not theirs.
    theirs = approved_picture(classmate, assignment)
    client.force_login(student)

    response = turn_in(client, theirs)

    assert said(response) == [str(messages.TURN_IN_NOT_YOURS)]
    assert not TurnIn.objects.exists()


def test_a_classmates_picture_the_student_may_not_see_is_a_404(
    client: Client, student: User, classmate: User, assignment: Assignment
) -> None:
    waiting = finished_generation(student=classmate, assignment=assignment)
    client.force_login(student)

    response = client.post(reverse("turn_in", args=[waiting.pk]), {"caption": CAPTION})

    assert response.status_code == 404
    assert not TurnIn.objects.exists()


@pytest.mark.parametrize(
    ("trait", "message"),
    [
        ("blocked", messages.TURN_IN_NOT_DRAWN),
        ("failed", messages.TURN_IN_NOT_DRAWN),
        ("filtered", messages.TURN_IN_NOT_DRAWN),
        ("drawing", messages.TURN_IN_NOT_DRAWN),
        ("rejected", messages.TURN_IN_REJECTED),
    ],
)
def test_a_picture_that_was_not_drawn_or_not_approved_cannot_be_turned_in(
    client: Client, student: User, assignment: Assignment, trait: str, message: str
) -> None:
    picture = GenerationFactory(student=student, assignment=assignment, **{trait: True})
    client.force_login(student)

    response = turn_in(client, picture)

    assert said(response) == [str(message)]
    assert not TurnIn.objects.exists()


def test_an_approved_picture_without_its_file_cannot_be_turned_in(
    client: Client, student: User, assignment: Assignment
) -> None:
    picture = GenerationFactory(student=student, assignment=assignment, approved=True)
    client.force_login(student)

    assert said(turn_in(client, picture)) == [str(messages.TURN_IN_NOT_DRAWN)]
    assert not TurnIn.objects.exists()


@pytest.mark.parametrize("how", ["closed", "past due"])
def test_nothing_is_turned_in_or_taken_back_once_the_assignment_is_closed(
    client: Client, student: User, assignment: Assignment, how: str
) -> None:
    kept, other = approved_picture(student, assignment, "a"), approved_picture(student, assignment)
    client.force_login(student)
    turn_in(client, kept)
    if how == "closed":
        assignment.close()
    else:
        assignment.due_at = timezone.now() - timedelta(minutes=1)
        assignment.save()
    page = client.get(reverse("student_assignment", args=[assignment.pk])).content.decode()
    assert CAPTION in page
    assert reverse("turn_in_take_back", args=[TurnIn.objects.get().pk]) not in page

    refused = take_back(client, TurnIn.objects.get())
    assert said(refused) == [str(messages.TURN_IN_CLOSED)]
    assignment.turn_in_limit = 2
    assignment.save()
    assert said(turn_in(client, other)) == [str(messages.TURN_IN_CLOSED)]

    assert list(TurnIn.objects.values_list("generation", flat=True)) == [kept.pk]


def test_a_student_takes_a_picture_back_and_turns_in_another(
    client: Client, student: User, assignment: Assignment
) -> None:
    first = approved_picture(student, assignment, "a")
    second = approved_picture(student, assignment)
    client.force_login(student)
    turn_in(client, first)

    response = take_back(client, TurnIn.objects.get())

    assert said(response) == [str(messages.TURN_IN_TAKEN_BACK)]
    assert "You have turned in 0 of 1." in response.content.decode()
    assert not TurnIn.objects.exists()
    assert said(turn_in(client, second, caption="the colours")) == [str(messages.TURN_IN_DONE)]
    row = TurnIn.objects.get()
    assert (row.generation, row.caption) == (second, "the colours")


def test_posting_the_same_picture_twice_turns_it_in_once(
    client: Client, student: User, assignment: Assignment
) -> None:
    picture = approved_picture(student, assignment)
    client.force_login(student)

    turn_in(client, picture)
    again = turn_in(client, picture, caption="something else")

    assert said(again) == [str(messages.TURN_IN_DONE)]  # not a scolding: it is done
    row = TurnIn.objects.get()
    assert row.caption == CAPTION  # the second post changed nothing


def _at_the_same_moment(student: User, pictures: list[Generation]) -> list[str]:
    """turn_in_add for each picture, in threads released together; what each got."""
    barrier = threading.Barrier(len(pictures))
    outcomes: list[str] = []

    def post(picture: Generation) -> None:
        try:
            barrier.wait()
            turn_in_add(student=student, generation=picture, caption=CAPTION)
            outcomes.append("turned in")
        except ValidationError as error:
            outcomes.append(error.code or "")
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(picture,)) for picture in pictures]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_clicks_at_the_same_moment_turn_a_picture_in_once(
    transactional_db: None, student: User, assignment: Assignment
) -> None:
    picture = approved_picture(student, assignment)

    outcomes = _at_the_same_moment(student, [picture, picture])

    assert outcomes == ["turned in", "turned in"]  # both see it done
    assert TurnIn.objects.count() == 1


def test_two_pictures_sent_at_the_same_moment_never_pass_the_limit(
    transactional_db: None, student: User, assignment: Assignment
) -> None:
    pictures = [approved_picture(student, assignment, prompt) for prompt in "ab"]

    outcomes = _at_the_same_moment(student, pictures)

    assert outcomes == ["limit", "turned in"]
    assert TurnIn.objects.count() == 1


def test_taking_back_twice_takes_back_once_and_says_it_is_gone(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    turn_in(client, approved_picture(student, assignment))
    row = TurnIn.objects.get()
    take_back(client, row)

    again = take_back(client, row)

    assert said(again) == [str(messages.TURN_IN_GONE)]
    assert not TurnIn.objects.exists()


def test_a_classmate_cannot_take_back_someone_elses_picture(
    client: Client, student: User, classmate: User, assignment: Assignment
) -> None:
    client.force_login(student)
    turn_in(client, approved_picture(student, assignment))
    client.force_login(classmate)

    response = take_back(client, TurnIn.objects.get())

    assert said(response) == [str(messages.TURN_IN_GONE)]  # as if it were not there
    assert TurnIn.objects.count() == 1


def test_turning_in_and_taking_back_are_post_only(
    client: Client, student: User, assignment: Assignment
) -> None:
    picture = approved_picture(student, assignment)
    client.force_login(student)
    assert client.get(reverse("turn_in", args=[picture.pk])).status_code == 405
    assert client.get(reverse("turn_in_take_back", args=[1])).status_code == 405
    assert not TurnIn.objects.exists()


def test_a_teacher_cannot_turn_in_a_students_picture(
    client: Client, teacher: User, student: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    response = client.post(
        reverse("turn_in", args=[approved_picture(student, assignment).pk]), {"caption": "x"}
    )
    assert response.status_code == 403
    assert not TurnIn.objects.exists()


# Who sees the caption


def test_the_caption_is_for_the_student_and_the_class_teachers_only(
    client: Client,
    student: User,
    classmate: User,
    teacher: User,
    assignment: Assignment,
) -> None:
    picture = approved_picture(student, assignment)
    client.force_login(student)
    turn_in(client, picture)
    picture_page = reverse("image", args=[picture.pk])

    client.force_login(teacher)
    assert CAPTION in client.get(picture_page).content.decode()
    client.force_login(classmate)
    seen = client.get(picture_page)
    assert seen.status_code == 200  # approved: classmates see the picture itself
    assert CAPTION not in seen.content.decode()
    assert CAPTION not in client.get(reverse("gallery", args=[assignment.pk])).content.decode()


# The teacher's page


def test_teacher_sees_who_turned_in_what_and_who_has_not(
    client: Client,
    student: User,
    classmate: User,
    teacher: User,
    assignment: Assignment,
) -> None:
    picture = approved_picture(student, assignment)
    client.force_login(student)
    turn_in(client, picture)
    client.force_login(teacher)

    response = client.get(reverse("teacher_assignment", args=[assignment.pk]))

    page = response.content.decode()
    assert "1 of 2 turned in" in page
    their_row = page.split(f'id="turn-ins-student-{student.pk}"')[1].split("</tr>")[0]
    assert CAPTION in their_row
    assert reverse("image", args=[picture.pk]) in their_row
    assert reverse("image_file", args=[picture.pk, "thumb"]) in their_row
    classmate_row = page.split(f'id="turn-ins-student-{classmate.pk}"')[1].split("</tr>")[0]
    assert "Not turned in yet" in classmate_row


def test_another_teacher_cannot_see_what_the_class_turned_in(
    client: Client, student: User, other_teacher: User, assignment: Assignment
) -> None:
    client.force_login(student)
    turn_in(client, approved_picture(student, assignment))
    client.force_login(other_teacher)

    response = client.get(reverse("teacher_assignment", args=[assignment.pk]))

    assert response.status_code == 404
    assert CAPTION not in response.content.decode()


def _class_of(size: int, teacher: User) -> Assignment:
    classroom = Classroom.objects.create(name=f"Class of {size}")
    classroom.teachers.add(teacher)
    assignment = Assignment.objects.create(classroom=classroom, title="Castles", turn_in_limit=2)
    for n in range(size):
        child = User.objects.create_user(username=f"child{size}-{n}", role=User.Role.STUDENT)
        classroom.students.add(child)
        if n % 5:  # most turned something in, some did not
            picture = GenerationFactory(student=child, assignment=assignment, approved=True)
            TurnIn.objects.create(
                student=child, assignment=assignment, generation=picture, caption=f"mine {n}"
            )
    return assignment


def test_the_teachers_page_makes_as_many_queries_for_50_students_as_for_5(
    client: Client, teacher: User
) -> None:
    small, large = _class_of(5, teacher), _class_of(50, teacher)
    client.force_login(teacher)
    counts = []
    for assignment in (small, large):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("teacher_assignment", args=[assignment.pk]))
        assert page.status_code == 200
        counts.append(len(queries))
    assert "40 of 50 turned in" in page.content.decode()
    assert counts[0] == counts[1]


# The teacher's assignment form


def _assignment_post(**overrides: str) -> dict[str, str]:
    return {
        "title": "Animals in space",
        "instructions": "",
        "due_at": "",
        "image_limit": "3",
        "allowed_orientations": ["square"],  # type: ignore[dict-item]
        # Every option group needs a tick (issue 14).
        "allowed_qualities": ["standard"],  # type: ignore[dict-item]
        "allowed_styles": ["vivid"],  # type: ignore[dict-item]
        **overrides,
    }


def test_teacher_sets_how_many_pictures_each_student_turns_in(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    form = client.get(reverse("teacher_assignment_edit", args=[assignment.pk])).content.decode()
    assert 'name="turn_in_limit"' in form

    client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        _assignment_post(turn_in_limit="3"),
    )

    assignment.refresh_from_db()
    assert assignment.turn_in_limit == 3


@pytest.mark.parametrize("typed", ["11", "-1", "500"])
def test_a_turn_in_number_outside_0_to_10_is_refused_kindly(
    client: Client, teacher: User, assignment: Assignment, typed: str
) -> None:
    client.force_login(teacher)

    response = client.post(
        reverse("teacher_assignment_edit", args=[assignment.pk]),
        _assignment_post(turn_in_limit=typed),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["turn_in_limit"] == [
        "Please choose a number from 0 to 10. 0 means students do not turn pictures in."
    ]
    assignment.refresh_from_db()
    assert assignment.turn_in_limit == 1


# What the database holds, the admin and the privacy export


def test_the_database_refuses_a_blank_caption_and_a_second_turn_in_of_one_picture(
    student: User, assignment: Assignment
) -> None:
    picture = approved_picture(student, assignment)

    def saved(caption: str) -> TurnIn:
        return TurnIn.objects.create(
            student=student, assignment=assignment, generation=picture, caption=caption
        )

    # PostgreSQL's varchar(280) refuses the long one itself (a DataError); SQLite's check.
    for refused in ("  ", "x" * 281):
        with pytest.raises((IntegrityError, DataError)), transaction.atomic():
            saved(refused)
    saved("a")
    with pytest.raises(IntegrityError), transaction.atomic():
        saved("b")


def test_an_admin_reads_turn_ins_but_cannot_change_them(
    client: Client, admin_user: User, student: User, assignment: Assignment
) -> None:
    picture = approved_picture(student, assignment)
    row = TurnIn.objects.create(
        student=student, assignment=assignment, generation=picture, caption=CAPTION
    )
    client.force_login(admin_user)

    listing = client.get(reverse("admin:generation_turnin_changelist"))
    detail = client.get(reverse("admin:generation_turnin_change", args=[row.pk]))

    assert listing.status_code == 200 and CAPTION in listing.content.decode()
    assert detail.status_code == 200
    client.post(reverse("admin:generation_turnin_change", args=[row.pk]), {"caption": "changed"})
    row.refresh_from_db()
    assert row.caption == CAPTION
    assert client.get(reverse("admin:generation_turnin_add")).status_code == 403


def test_a_students_data_export_carries_their_captions(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    turn_in(client, approved_picture(student, assignment))

    exported = student_data(student=student)["turn_ins"]

    assert [(t["assignment"], t["caption"]) for t in exported] == [(assignment.title, CAPTION)]
