"""Every change to a generation goes through these functions: views, tasks, admin alike."""

from generation.services.review import image_review
from generation.services.running import (
    DONE,
    RunOutcome,
    generation_claim,
    generation_requeue,
    generation_run,
    generations_sweep_stale,
    retry_delay,
    student_hash,
)
from generation.services.submission import (
    MAX_PICTURES_PER_REQUEST,
    allowed_options,
    assignment_submission_problem,
    generation_submit,
    prompt_length_limit,
)

__all__ = [
    "DONE",
    "MAX_PICTURES_PER_REQUEST",
    "RunOutcome",
    "allowed_options",
    "assignment_submission_problem",
    "generation_claim",
    "generation_requeue",
    "generation_run",
    "generation_submit",
    "generations_sweep_stale",
    "image_review",
    "prompt_length_limit",
    "retry_delay",
    "student_hash",
]
