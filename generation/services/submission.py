"""A student asks for pictures: the assignment's rules, the lists, then the queue."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from classrooms.models import Assignment, User
from generation import messages
from generation.capabilities import active_capabilities, active_model_name
from generation.models import Generation
from generation.safety import active_metaprompt, check_prompt, student_prompt_limit
from generation.selectors import images_used

logger = logging.getLogger(__name__)

MAX_PICTURES_PER_REQUEST = 4


def assignment_submission_problem(*, assignment: Assignment) -> str:
    """Why no new picture may be made for this assignment right now, or ""."""
    if not assignment.is_open:
        return str(messages.ASSIGNMENT_CLOSED)
    if assignment.due_at and assignment.due_at < timezone.now():
        return str(messages.ASSIGNMENT_PAST_DUE)
    return ""


def prompt_length_limit() -> int:
    return student_prompt_limit(active_metaprompt(), active_capabilities().max_prompt_chars)


def allowed_options(assignment: Assignment) -> dict[str, list[str]]:
    """The options a student may pick: what the teacher allowed and the model supports.

    An assignment that allows nothing for an option gets the model's first choice.
    """
    capabilities = active_capabilities()

    def pick(allowed: list[str], supported: tuple[str, ...]) -> list[str]:
        chosen = [value for value in allowed if value in supported]
        return chosen or list(supported[:1])

    return {
        "orientation": pick(assignment.allowed_orientations, tuple(capabilities.sizes)),
        "quality": pick(assignment.allowed_qualities, capabilities.qualities),
        "style": pick(assignment.allowed_styles, capabilities.styles),
    }


def generation_submit(
    *,
    student: User,
    assignment: Assignment,
    prompt: str,
    options: dict[str, str],
    count: int = 1,
) -> list[Generation]:
    """Check a student's request and save it as queued pictures, or as one blocked attempt.

    Each picture is its own record and task, so several pictures from a model that draws
    one per request are made in parallel. Raises ValidationError with a kind message,
    saving nothing, when the request cannot be accepted at all.
    """
    problem = assignment_submission_problem(assignment=assignment)
    if problem:
        raise ValidationError(problem, code="closed")
    prompt = (prompt or "").strip()
    if not prompt:
        raise ValidationError(messages.PROMPT_EMPTY, code="empty")
    limit = prompt_length_limit()
    if len(prompt) > limit:
        raise ValidationError(messages.PROMPT_TOO_LONG, code="too_long", params={"limit": limit})
    if not 1 <= count <= MAX_PICTURES_PER_REQUEST:
        raise ValidationError(messages.OPTION_NOT_ALLOWED, code="option")
    chosen = _chosen_options(assignment, options)

    with transaction.atomic():
        # Lock the student's row so two quick clicks cannot both pass the quota check.
        User.objects.select_for_update().filter(pk=student.pk).first()
        remaining = assignment.image_limit - images_used(student=student, assignment=assignment)
        if remaining <= 0:
            raise ValidationError(
                messages.QUOTA_USED_UP, code="quota", params={"limit": assignment.image_limit}
            )
        if count > remaining:
            raise ValidationError(
                messages.QUOTA_NOT_ENOUGH, code="quota", params={"remaining": remaining}
            )
        capabilities = active_capabilities()
        template = {
            "student": student,
            "assignment": assignment,
            "prompt": prompt,
            "options": chosen,
            "size": capabilities.size_for(chosen["orientation"]),
            "provider": settings.IMAGE_PROVIDER,
            "model": active_model_name(),
        }
        from generation.tasks import generate_image, notify_blocked_attempt  # they import us

        verdict = check_prompt(prompt, classroom=assignment.classroom)
        if not verdict.allowed:
            blocked = Generation.objects.create(
                **template,
                status=Generation.Status.BLOCKED,
                safety_layer=verdict.layer,
                safety_rule=verdict.rule,
                error_message=str(messages.PROMPT_BLOCKED),
                finished_at=timezone.now(),
            )
            logger.info("generation %s blocked at submission", blocked.pk)
            # Mail goes out from the worker, so a slow mail server never holds up a child.
            notify_blocked_attempt.delay_on_commit(blocked.pk)
            return [blocked]

        generations = [Generation.objects.create(**template) for _ in range(count)]
        for generation in generations:
            generate_image.delay_on_commit(generation.pk)
    return generations


def _chosen_options(assignment: Assignment, options: dict[str, str]) -> dict[str, str]:
    allowed = allowed_options(assignment)
    chosen: dict[str, str] = {}
    for name, values in allowed.items():
        value = options.get(name) or (values[0] if values else "")
        if values and value not in values:
            raise ValidationError(messages.OPTION_NOT_ALLOWED, code="option")
        if not values and value:
            raise ValidationError(messages.OPTION_NOT_ALLOWED, code="option")
        chosen[name] = value
    return chosen
