"""How many pictures one student may ask for in a minute and in a day, in every class."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation, SafetyAuditEntry, SafetySettings
from generation.safety.notify import notify_if_student_keeps_trying
from generation.selectors import blocked_attempts_that_day, images_used
from generation.services import generation_submit
from tests.support.factories import blocked_generation, finished_generation, prompt_post

QUICKLY = "You are asking for pictures very quickly. Please wait a minute, then try again."
TODAY = "You have asked for a lot of pictures today. Please take a rest and try again tomorrow."


def submit(student: User, assignment: Assignment, prompt: str, count: int = 1) -> list[Generation]:
    return generation_submit(
        student=student, assignment=assignment, prompt=prompt, options={}, count=count
    )


def limits(*, per_minute: int, per_day: int) -> None:
    row = SafetySettings.current()
    row.pictures_per_student_per_minute = per_minute
    row.pictures_per_student_per_day = per_day
    row.save()


def refused(student: User, assignment: Assignment, count: int = 1) -> ValidationError:
    with pytest.raises(ValidationError) as refusal:
        submit(student, assignment, "one more castle", count=count)
    return refusal.value


def rate_notes() -> list[Generation]:
    return list(Generation.objects.filter(safety_layer=Generation.SafetyLayer.RATE_LIMIT))


@pytest.fixture
def roomy(assignment: Assignment) -> Assignment:
    """An assignment whose own picture limit never gets in the way of these tests."""
    assignment.image_limit = 200
    assignment.save()
    return assignment


@pytest.fixture
def second_assignment(classroom: Classroom, teacher: User) -> Assignment:
    return Assignment.objects.create(
        classroom=classroom, title="Animals in space", created_by=teacher, image_limit=200
    )


def test_ten_pictures_in_a_minute_are_fine_and_the_eleventh_is_refused_with_nothing_queued(
    student: User, roomy: Assignment, django_capture_on_commit_callbacks
) -> None:
    for n in range(10):
        [generation] = submit(student, roomy, f"castle number {n}")
        assert generation.status == Generation.Status.QUEUED

    with django_capture_on_commit_callbacks() as callbacks:
        refusal = refused(student, roomy)

    assert refusal.code == "rate"
    assert refusal.messages == [QUICKLY]
    assert Generation.objects.filter(status=Generation.Status.QUEUED).count() == 10
    assert callbacks == []  # no picture and no e-mail task


def test_the_defaults_are_ten_a_minute_and_a_hundred_a_day(db: None) -> None:
    row = SafetySettings.current()
    assert (row.pictures_per_student_per_minute, row.pictures_per_student_per_day) == (10, 100)


def test_blocked_filtered_and_failed_attempts_in_every_assignment_count(
    student: User, roomy: Assignment, second_assignment: Assignment
) -> None:
    for _ in range(4):
        [attempt] = submit(student, roomy, "a knight with swords")
        assert attempt.status == Generation.Status.BLOCKED
    for status in (Generation.Status.FILTERED, Generation.Status.FAILED):
        finished_generation(student=student, assignment=second_assignment, status=status)
    submit(student, second_assignment, "a rocket", count=4)

    assert refused(student, roomy).code == "rate"
    # Blocked attempts never use an assignment's pictures; only the four queued do.
    assert images_used(student=student, assignment=roomy) == 0
    assert images_used(student=student, assignment=second_assignment) == 4


def test_the_pictures_asked_for_now_count_too(student: User, roomy: Assignment) -> None:
    submit(student, roomy, "eight castles", count=4)
    submit(student, roomy, "eight castles", count=4)

    assert refused(student, roomy, count=3).code == "rate"
    assert len(submit(student, roomy, "two more castles", count=2)) == 2
    assert Generation.objects.filter(status=Generation.Status.QUEUED).count() == 10


def test_another_students_pictures_do_not_count(
    student: User, classmate: User, roomy: Assignment
) -> None:
    for count in (4, 4, 2):
        submit(classmate, roomy, "owls", count=count)
    assert len(submit(student, roomy, "a fox")) == 1


def test_the_minute_limit_frees_up_after_a_minute(student: User, roomy: Assignment) -> None:
    for _ in range(5):
        submit(student, roomy, "two castles", count=2)
    Generation.objects.update(created_at=timezone.now() - timedelta(seconds=61))

    assert len(submit(student, roomy, "a castle next minute")) == 1


def test_the_day_limit_counts_the_last_twenty_four_hours(student: User, roomy: Assignment) -> None:
    limits(per_minute=0, per_day=5)
    now = timezone.now()
    for hours in (23, 20, 12, 2):
        blocked_generation(
            student=student, assignment=roomy, created_at=now - timedelta(hours=hours)
        )
    blocked_generation(student=student, assignment=roomy, created_at=now - timedelta(hours=25))
    submit(student, roomy, "the fifth of the day")

    refusal = refused(student, roomy)

    assert (refusal.code, refusal.messages) == ("rate", [TODAY])


@pytest.mark.parametrize(
    ("per_minute", "per_day"),
    [(0, 0), (0, 500), (500, 0)],
    ids=["both off", "minute off", "day off"],
)
def test_zero_turns_a_limit_off(
    student: User, roomy: Assignment, per_minute: int, per_day: int
) -> None:
    limits(per_minute=per_minute, per_day=per_day)
    for _ in range(110):
        blocked_generation(student=student, assignment=roomy)

    assert len(submit(student, roomy, "a castle after many tries")) == 1


def test_a_lower_limit_set_by_an_admin_applies_at_once(student: User, roomy: Assignment) -> None:
    limits(per_minute=2, per_day=100)
    submit(student, roomy, "two castles", count=2)
    assert refused(student, roomy).code == "rate"


# The note in the safety log


def test_a_refusal_is_noted_once_a_minute_as_a_blocked_attempt_by_too_many_tries(
    student: User, roomy: Assignment
) -> None:
    limits(per_minute=1, per_day=100)
    submit(student, roomy, "a castle")

    for _ in range(3):
        refused(student, roomy)

    [note] = rate_notes()
    assert (note.status, note.get_safety_layer_display(), note.safety_rule) == (
        Generation.Status.BLOCKED,
        "Too many tries",
        "1 per minute",
    )
    assert note.prompt == "one more castle"
    assert note.error_message == QUICKLY
    # It never uses the assignment's pictures.
    assert images_used(student=student, assignment=roomy) == 1

    # A minute later, the next refusal is noted again.
    Generation.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(seconds=61))
    refused(student, roomy)
    assert len(rate_notes()) == 2


def test_notes_of_refusals_do_not_count_toward_the_limit(student: User, roomy: Assignment) -> None:
    limits(per_minute=1, per_day=2)
    submit(student, roomy, "a castle")
    refused(student, roomy)
    Generation.objects.update(created_at=timezone.now() - timedelta(seconds=61))

    # One attempt and one note in the day: the day limit of two still has room.
    assert len(submit(student, roomy, "a castle later")) == 1


def test_the_teacher_sees_the_refusal_once_in_the_safety_log(
    client: Client, teacher: User, student: User, classroom: Classroom, roomy: Assignment
) -> None:
    limits(per_minute=1, per_day=100)
    submit(student, roomy, "a castle")
    for _ in range(4):
        refused(student, roomy)
    client.force_login(teacher)

    page = client.get(reverse("teacher_safety_log", args=[classroom.pk])).content.decode()

    [note] = rate_notes()
    assert page.count("Too many tries") == 1
    start = page.index(f'id="log-{note.pk}"')
    row = page[start : page.index("</tr>", start)]
    assert "one more castle" in row and "Not sent" in row and "1 per minute" in row


def test_notes_of_refusals_are_not_counted_as_tries_at_blocked_words(
    client: Client,
    teacher: User,
    student: User,
    classmate: User,
    classroom: Classroom,
    roomy: Assignment,
) -> None:
    limits(per_minute=1, per_day=100)
    submit(classmate, roomy, "a castle")
    refused(classmate, roomy)
    # Were the note a try at a blocked word, it would be the first of the day: a mail.
    SafetySettings.objects.update(notify_after_blocked_attempts=1)
    teacher.email = "rivera@school.example"
    teacher.save(update_fields=["email"])
    client.force_login(teacher)

    response = client.get(reverse("teacher_safety_log", args=[classroom.pk]))

    # Ben was only refused for asking too often: he is not among students who keep trying.
    assert list(response.context["summary"]) == []
    [note] = rate_notes()
    assert blocked_attempts_that_day(note) == 0
    assert notify_if_student_keeps_trying(generation=note) == 0


def test_the_page_shows_the_kind_message_and_saves_nothing_new(
    client: Client, student: User, roomy: Assignment
) -> None:
    limits(per_minute=1, per_day=100)
    submit(student, roomy, "a castle")
    client.force_login(student)

    response = client.post(
        reverse("student_assignment", args=[roomy.pk]),
        prompt_post(student=student, assignment=roomy, prompt="another castle"),
    )

    assert response.status_code == 400
    assert "Please wait a minute, then try again." in response.content.decode()
    assert Generation.objects.filter(status=Generation.Status.QUEUED).count() == 1


# The admin


def test_an_admin_changing_the_limits_is_audited(admin_client: Client, admin_user: User) -> None:
    row = SafetySettings.current()

    response = admin_client.post(
        reverse("admin:generation_safetysettings_change", args=[row.pk]),
        {
            "moderation_enabled": "on",
            "notify_after_blocked_attempts": "3",
            "pictures_per_student_per_minute": "5",
            "pictures_per_student_per_day": "0",
            "show_stopped_words": "on",  # as the form shows it: left as it was
        },
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.pictures_per_student_per_minute, row.pictures_per_student_per_day) == (5, 0)
    [entry] = SafetyAuditEntry.objects.all()
    assert (entry.actor, entry.action) == (admin_user, SafetyAuditEntry.Action.CHANGED)
    assert entry.detail == (
        "pictures one student may ask for in a minute: 10 → 5; "
        "pictures one student may ask for in a day: 100 → 0"
    )
