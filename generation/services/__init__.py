"""Every change to a generation goes through these functions: views, tasks, admin alike."""

from generation.services.claim import generation_claim, generation_claim_fairest
from generation.services.drawing import generation_draw, student_hash
from generation.services.outcome import DONE, RunOutcome
from generation.services.pacing import generation_draw_next
from generation.services.retries import generation_requeue, retry_delay
from generation.services.review import image_review
from generation.services.submission import (
    MAX_PICTURES_PER_REQUEST,
    RepeatedSubmission,
    allowed_options,
    assignment_submission_problem,
    form_token_new,
    generation_submit,
    picture_request_problem,
    prompt_length_limit,
)
from generation.services.sweep import generations_sweep_stale

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
    "generation_claim_fairest",
    "generation_draw",
    "generation_draw_next",
    "generation_submit",
    "generations_sweep_stale",
    "image_review",
    "picture_request_problem",
    "prompt_length_limit",
    "retry_delay",
    "student_hash",
]
