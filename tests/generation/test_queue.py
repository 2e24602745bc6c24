"""Services send work by task name; every name they send is a task the worker runs."""

from celery import current_app

from classrooms.models import Assignment, User
from generation import queue, tasks
from generation.models import Generation
from tests.support.factories import GenerationFactory


def test_every_task_the_services_send_is_registered() -> None:
    assert tasks.draw_next_picture.name == queue.DRAW_NEXT_PICTURE
    assert tasks.notify_blocked_attempt.name == queue.NOTIFY_BLOCKED_ATTEMPT
    assert tasks.notify_budget_refusal.name == queue.NOTIFY_BUDGET_REFUSAL
    for name in (
        queue.DRAW_NEXT_PICTURE,
        queue.NOTIFY_BLOCKED_ATTEMPT,
        queue.NOTIFY_BUDGET_REFUSAL,
    ):
        assert name in current_app.tasks


def test_a_message_queued_under_the_old_task_name_still_draws_a_picture(
    student: User, assignment: Assignment
) -> None:
    """Pictures waiting in the line during an upgrade were sent as generate_image."""
    waiting = GenerationFactory(student=student, assignment=assignment)
    assert tasks.generate_image.name == "generation.tasks.generate_image"
    current_app.tasks["generation.tasks.generate_image"](waiting.pk)

    waiting.refresh_from_db()
    assert waiting.status == Generation.Status.AWAITING_REVIEW
    assert waiting.image
