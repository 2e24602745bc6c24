"""Work handed to the Celery worker, named by task: services enqueue without importing tasks.

`tasks.py` imports the services; the services send by name through here, so the two
never import each other.
"""

from functools import partial

from celery import current_app
from django.db import transaction

DRAW_NEXT_PICTURE = "generation.tasks.draw_next_picture"
NOTIFY_BLOCKED_ATTEMPT = "generation.tasks.notify_blocked_attempt"
NOTIFY_BUDGET_REFUSAL = "generation.tasks.notify_budget_refusal"
BUILD_EXPORT = "generation.tasks.build_export"


def send(task: str, *args: int) -> None:
    current_app.send_task(task, args=list(args))


def draw_after_commit(generation_id: int) -> None:
    """A message to draw (the fairest waiting picture; see services/pacing.py), sent only
    once the row it names is committed, so a worker never looks for a row not yet there."""
    transaction.on_commit(partial(send, DRAW_NEXT_PICTURE, generation_id))


def draw_now(generation_id: int) -> None:
    """The same message, sent at once (the stale sweep, outside any transaction)."""
    send(DRAW_NEXT_PICTURE, generation_id)


def notify_blocked_after_commit(generation_id: int) -> None:
    """Mail goes out from the worker, so a slow mail server never holds up a child."""
    transaction.on_commit(partial(send, NOTIFY_BLOCKED_ATTEMPT, generation_id))


def notify_budget_refusal_after_commit(refusal_id: int) -> None:
    """The teachers' e-mail about a budget refusal, from the worker, once it is saved."""
    transaction.on_commit(partial(send, NOTIFY_BUDGET_REFUSAL, refusal_id))


def build_export_after_commit(export_id: int) -> None:
    """The class book or ZIP is made by the worker, once its row is committed."""
    transaction.on_commit(partial(send, BUILD_EXPORT, export_id))
