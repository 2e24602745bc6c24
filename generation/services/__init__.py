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
    RepeatedSubmission,
    allowed_options,
    assignment_submission_problem,
    form_token_new,
    generation_submit,
    prompt_is_blank,
    prompt_length_limit,
)

__all__ = [
    "DONE",
    "MAX_PICTURES_PER_REQUEST",
    "RepeatedSubmission",
    "RunOutcome",
    "allowed_options",
    "assignment_submission_problem",
    "form_token_new",
    "generation_claim",
    "generation_requeue",
    "generation_run",
    "generation_submit",
    "generations_sweep_stale",
    "image_review",
    "prompt_is_blank",
    "prompt_length_limit",
    "retry_delay",
    "student_hash",
]
