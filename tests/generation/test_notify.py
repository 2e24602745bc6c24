"""A class's teachers get one e-mail when a student keeps trying blocked words."""

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, Classroom, User
from generation import lifecycle, queue
from generation.models import Generation, SafetySettings
from generation.safety.notify import notify_if_student_keeps_trying
from generation.services import generation_submit
from generation.tasks import notify_blocked_attempt
from tests.support.factories import GenerationFactory, blocked_generation
from tests.support.ports import free_port

PROMPT = "a knight with swords fighting at the castle"
# A student's blocked attempt, made through the real submission.
Attempt = Callable[[User, Assignment], Generation]


@pytest.fixture(autouse=True)
def notification_task_runs_inline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker would run the task; here it runs at once, as the worker would."""

    def run_inline(task: str, *args: int) -> None:
        if task == queue.NOTIFY_BLOCKED_ATTEMPT:
            notify_blocked_attempt(*args)

    monkeypatch.setattr(queue, "send", run_inline)


@pytest.fixture
def teacher_with_email(teacher: User) -> User:
    teacher.email = "rivera@school.example"
    teacher.save(update_fields=["email"])
    return teacher


@pytest.fixture
def attempt(django_capture_on_commit_callbacks) -> Attempt:  # type: ignore[no-untyped-def]
    def one_blocked_attempt(student: User, assignment: Assignment) -> Generation:
        """One blocked attempt through the real submission, after-commit work included."""
        with django_capture_on_commit_callbacks(execute=True):
            [generation] = generation_submit(
                student=student, assignment=assignment, prompt=PROMPT, options={}
            )
        assert generation.status == Generation.Status.BLOCKED
        return generation

    return one_blocked_attempt


def blocked_at(student: User, assignment: Assignment, moment: datetime) -> Generation:
    return blocked_generation(
        student=student, assignment=assignment, prompt=PROMPT, created_at=moment
    )


def noon(days_ago: int = 0) -> datetime:
    day = timezone.localtime() - timedelta(days=days_ago)
    return day.replace(hour=12, minute=0, second=0, microsecond=0)


def set_threshold(value: int) -> None:
    SafetySettings.objects.update_or_create(pk=1, defaults={"notify_after_blocked_attempts": value})


def test_the_third_blocked_attempt_in_a_day_sends_one_e_mail_to_the_teacher(
    teacher_with_email: User,
    student: User,
    classroom: Classroom,
    assignment: Assignment,
    attempt: Attempt,
) -> None:
    attempt(student, assignment)
    attempt(student, assignment)
    assert mail.outbox == []

    attempt(student, assignment)

    [message] = mail.outbox
    assert message.to == ["rivera@school.example"]
    assert "Class 5B" in message.subject
    assert "Ana in Class 5B has tried 3 times today" in message.body
    assert reverse("teacher_safety_log", args=[classroom.pk]) in message.body


def test_with_a_threshold_of_one_the_e_mail_says_once_not_1_times(
    teacher_with_email: User, student: User, assignment: Assignment, attempt: Attempt
) -> None:
    set_threshold(1)

    attempt(student, assignment)

    [message] = mail.outbox
    assert "Ana in Class 5B has tried once today" in message.body
    assert "1 times" not in message.body


def test_the_e_mail_never_holds_the_prompt_or_the_blocked_word(
    teacher_with_email: User,
    student: User,
    assignment: Assignment,
    attempt: Attempt,
) -> None:
    for _ in range(3):
        attempt(student, assignment)

    [message] = mail.outbox
    text = f"{message.subject}\n{message.body}".lower()
    assert "knight" not in text
    assert "swords" not in text
    assert "Ana" not in message.subject  # lock screens show subjects


def test_more_attempts_the_same_day_send_no_more_e_mails(
    teacher_with_email: User,
    student: User,
    assignment: Assignment,
    attempt: Attempt,
) -> None:
    for _ in range(5):
        attempt(student, assignment)

    assert len(mail.outbox) == 1


def test_no_e_mail_when_the_setting_is_zero(
    teacher_with_email: User,
    student: User,
    assignment: Assignment,
    attempt: Attempt,
) -> None:
    set_threshold(0)
    for _ in range(4):
        attempt(student, assignment)

    assert mail.outbox == []


def test_the_threshold_comes_from_the_safety_settings(
    teacher_with_email: User,
    student: User,
    assignment: Assignment,
    attempt: Attempt,
) -> None:
    set_threshold(1)

    attempt(student, assignment)

    assert len(mail.outbox) == 1


def test_only_the_classes_own_teachers_with_an_address_are_written_to(
    teacher_with_email: User,
    other_teacher: User,
    student: User,
    outsider: User,
    classroom: Classroom,
    assignment: Assignment,
    other_assignment: Assignment,
    attempt: Attempt,
) -> None:
    other_teacher.email = "stone@school.example"
    other_teacher.save(update_fields=["email"])
    co_teacher = User.objects.create_user(
        username="mx_lee", role=User.Role.TEACHER, email="lee@school.example"
    )
    no_address = User.objects.create_user(username="mr_park", role=User.Role.TEACHER)
    classroom.teachers.add(co_teacher, no_address)
    for _ in range(2):
        attempt(outsider, other_assignment)

    for _ in range(3):
        attempt(student, assignment)

    [message] = mail.outbox
    assert sorted(message.to) == ["lee@school.example", "rivera@school.example"]


def test_attempts_by_classmates_are_counted_apart(
    teacher_with_email: User,
    student: User,
    classmate: User,
    assignment: Assignment,
    attempt: Attempt,
) -> None:
    for _ in range(2):
        attempt(student, assignment)
        attempt(classmate, assignment)

    assert mail.outbox == []


def test_attempts_in_another_class_are_counted_apart(
    teacher_with_email: User,
    student: User,
    other_classroom: Classroom,
    assignment: Assignment,
    other_assignment: Assignment,
) -> None:
    other_classroom.students.add(student)
    blocked_at(student, other_assignment, noon())
    blocked_at(student, other_assignment, noon() + timedelta(minutes=1))

    notify_if_student_keeps_trying(
        generation=blocked_at(student, assignment, noon() + timedelta(minutes=2))
    )

    assert mail.outbox == []


def test_yesterdays_attempts_do_not_count_towards_today(
    teacher_with_email: User, student: User, assignment: Assignment
) -> None:
    blocked_at(student, assignment, noon(days_ago=1))
    blocked_at(student, assignment, noon(days_ago=1) + timedelta(hours=1))

    notify_if_student_keeps_trying(generation=blocked_at(student, assignment, noon()))

    assert mail.outbox == []


def test_the_third_attempt_notifies_even_when_the_fourth_was_saved_first(
    teacher_with_email: User, student: User, assignment: Assignment
) -> None:
    """Two attempts at once: the one that is third by time sends, the other does not."""
    first, second, third, fourth = (
        blocked_at(student, assignment, noon() + timedelta(minutes=n)) for n in range(4)
    )

    assert notify_if_student_keeps_trying(generation=fourth) == 0
    assert notify_if_student_keeps_trying(generation=third) == 1
    assert len(mail.outbox) == 1


def test_an_attempt_blocked_later_by_moderation_counts_too(
    teacher_with_email: User, student: User, assignment: Assignment
) -> None:
    blocked_at(student, assignment, noon())
    blocked_at(student, assignment, noon() + timedelta(minutes=1))
    later = GenerationFactory(
        student=student,
        assignment=assignment,
        prompt=PROMPT,
        drawing=True,
        created_at=noon() + timedelta(minutes=2),
    )
    lifecycle.block(
        later, message="not sent", layer=Generation.SafetyLayer.MODERATION, rule="violence"
    )

    assert notify_if_student_keeps_trying(generation=later) == 1


def test_an_attempt_that_was_not_blocked_sends_nothing(
    teacher_with_email: User, student: User, assignment: Assignment
) -> None:
    set_threshold(1)
    queued = Generation.objects.create(
        student=student, assignment=assignment, prompt="a cat", size="1024x1024"
    )

    assert notify_if_student_keeps_trying(generation=queued) == 0
    assert mail.outbox == []


def test_a_mail_server_that_is_down_never_turns_the_attempt_into_an_error(
    settings,  # type: ignore[no-untyped-def]
    teacher_with_email: User,
    student: User,
    assignment: Assignment,
    attempt: Attempt,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A port nothing listens on: the real SMTP backend gets a refused connection.
    refused_port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = refused_port
    settings.EMAIL_TIMEOUT = 2
    set_threshold(1)

    generation = attempt(student, assignment)

    assert Generation.objects.filter(pk=generation.pk, status=Generation.Status.BLOCKED).exists()
    assert "could not e-mail the teachers" in caplog.text
