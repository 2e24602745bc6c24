"""A student asks for pictures: the assignment's rules, the lists, then the queue."""

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from classrooms.models import Assignment, Classroom, User
from generation import lifecycle, messages, queue
from generation.capabilities import active_capabilities, active_model_name
from generation.models import Generation, SafetySettings, UsedFormToken
from generation.pricing import quote_picture
from generation.safety import active_metaprompt, check_prompt, student_prompt_limit
from generation.safety.normalise import is_blank
from generation.selectors import images_used, picture_allowance, student_attempts_since
from generation.selectors.comparisons import COMPARISON_KEY
from generation.services.budget import BudgetReached, budget_check, budget_refusal_record
from generation.services.comparison import comparison_options, same_art_style

logger = logging.getLogger(__name__)

MAX_PICTURES_PER_REQUEST = 4

# A prompt form's one-time token: signed, so it cannot be made up, and bound to one
# student and one assignment. After a day it is refused (the page asks to press again),
# which also means a used token older than that can be forgotten.
FORM_TOKEN_SALT = "generation.prompt-form"
FORM_TOKEN_MAX_AGE = timedelta(days=1)

RATE_WINDOW = timedelta(minutes=1)
RATE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class EditOf:
    """The picture an edit changes: its stored size, the area to change, and whether
    everything outside it is put back exactly."""

    parent: Generation
    size: str  # "WxH", the stored picture's own
    mask: bytes
    keeps_outside: bool


class RepeatedSubmission(Exception):
    """This prompt form was already sent once; nothing new was made."""


class _RateLimited(ValidationError):
    """A refusal for asking too often, carrying the limit it met for the safety log."""

    def __init__(self, message: Any, *, rule: str) -> None:
        super().__init__(message, code="rate")
        self.rule = rule


def form_token_new(*, student: User, assignment: Assignment) -> str:
    """A fresh one-time token for one rendering of a student's prompt form."""
    nonce = secrets.token_urlsafe(24)
    return signing.dumps(
        {"student": student.pk, "assignment": assignment.pk, "nonce": nonce},
        salt=FORM_TOKEN_SALT,
    )


def _form_token_nonce(*, token: str, student: User, assignment: Assignment) -> str:
    """The token's nonce, if it is ours, unexpired and for this student and assignment."""
    refused = ValidationError(messages.FORM_TOKEN_BAD, code="token")
    try:
        data = signing.loads(token, salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_MAX_AGE)
    except signing.BadSignature as error:  # expired tokens too
        raise refused from error
    if not isinstance(data, dict) or (data.get("student"), data.get("assignment")) != (
        student.pk,
        assignment.pk,
    ):
        raise refused
    nonce = data.get("nonce")
    if not isinstance(nonce, str) or not 0 < len(nonce) <= 64:
        raise refused
    return nonce


def _form_token_use(*, student: User, nonce: str) -> None:
    """Record the token as used, or raise RepeatedSubmission if it already was.

    Call with the student's row locked. A second post of the same form waits for that
    lock, then finds the committed token; the unique constraint settles any race left.
    """
    UsedFormToken.objects.filter(
        student=student, created_at__lt=timezone.now() - FORM_TOKEN_MAX_AGE
    ).delete()
    try:
        with transaction.atomic():
            UsedFormToken.objects.create(token=nonce, student=student)
    except IntegrityError as error:
        raise RepeatedSubmission from error


def assignment_submission_problem(*, assignment: Assignment) -> str:
    """Why no new picture may be made for this assignment right now, or "" (its own rules:
    not archived, open and not past due; these also decide whether pictures may be turned in)."""
    if assignment.is_archived:
        return str(messages.ASSIGNMENT_ARCHIVED)
    if not assignment.is_open:
        return str(messages.ASSIGNMENT_CLOSED)
    if assignment.due_at and assignment.due_at < timezone.now():
        return str(messages.ASSIGNMENT_PAST_DUE)
    return ""


def picture_request_problem(*, assignment: Assignment) -> str:
    """Why a student may not ask for a picture here right now, or "": the class is paused
    (turning in still works), or the assignment's own rules."""
    if assignment.classroom.is_paused:
        return str(messages.CLASS_PAUSED)
    return assignment_submission_problem(assignment=assignment)


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
    form_token: str | None = None,
    edit_of: EditOf | None = None,
    art_styles: Sequence[str] = (),
    art_style_of: Generation | None = None,
) -> list[Generation]:
    """Check a student's request and save it as queued pictures, or as one blocked attempt.

    `art_styles` names the styles of a comparison (one picture each); `art_style_of` is a
    picture drawn again in its own style (the words stored with it when it was asked for).

    With `edit_of`, the prompt says what to change in that picture (services/editing.py
    checks the picture and builds the mask): one picture, of the parent's size and options.

    Each picture is its own record and task, so several pictures from a model that draws
    one per request are made in parallel. Raises ValidationError with a kind message,
    saving nothing, when the request cannot be accepted at all (a refusal for asking too
    often is noted in the class's safety log, at most once a minute per student).

    A request from the prompt form passes the form's one-time token (a missing one is
    ""); a token that was already used raises RepeatedSubmission and makes nothing.
    Callers that are not a form (scripts, tests) pass None.

    `art_styles` (names of active art styles, 2 to 4, where the assignment allows it)
    makes one picture per style instead of `count`: see services/comparison.py.
    """
    nonce = ""
    if form_token is not None:
        nonce = _form_token_nonce(token=form_token, student=student, assignment=assignment)
    problem = picture_request_problem(assignment=assignment)
    if problem:
        code = "paused" if assignment.classroom.is_paused else "closed"
        raise ValidationError(problem, code=code)
    prompt = (prompt or "").strip()
    if is_blank(prompt):
        raise ValidationError(messages.PROMPT_EMPTY, code="empty")
    limit = prompt_length_limit()
    if len(prompt) > limit:
        raise ValidationError(messages.PROMPT_TOO_LONG, code="too_long", params={"limit": limit})
    if not 1 <= count <= MAX_PICTURES_PER_REQUEST:
        raise ValidationError(messages.OPTION_NOT_ALLOWED, code="option")
    if edit_of is None:
        chosen = _chosen_options(assignment, options)
        size = active_capabilities().size_for(chosen["orientation"])
    elif count != 1 or art_styles:
        raise ValidationError(messages.OPTION_NOT_ALLOWED, code="option")
    else:
        # The parent's options and art style, but not its place in a comparison row.
        chosen = {k: v for k, v in edit_of.parent.options.items() if k != COMPARISON_KEY}
        size = edit_of.size
    # Several styles: one picture each, its style in its options (all or none are made).
    styled = comparison_options(student=student, assignment=assignment, names=art_styles)
    if art_style_of is not None and not styled:
        styled = same_art_style(art_style_of)
    count = len(styled) or count
    # Priced before it is queued, for the budgets; a model asked for no quality draws at
    # its first (standard) one, as the worker prices it.
    quality = chosen.get("quality") or next(iter(active_capabilities().qualities), "")
    quote = quote_picture(
        provider=settings.IMAGE_PROVIDER, model=active_model_name(), size=size, quality=quality
    )
    template: dict[str, Any] = {
        "student": student,
        "assignment": assignment,
        "prompt": prompt,
        "options": chosen,
        "size": size,
        "provider": settings.IMAGE_PROVIDER,
        "model": active_model_name(),
        "quoted_cost": quote,
    }
    if edit_of is not None:
        template.update(
            parent=edit_of.parent, edit_mask=edit_of.mask, keeps_outside=edit_of.keeps_outside
        )
    limits = SafetySettings.current()

    try:
        return _generations_create(
            template=template, count=count, nonce=nonce, limits=limits, styled=styled
        )
    except _RateLimited as refusal:
        # Recorded after the refused transaction rolled back, so the form's token
        # stays unused and the same form may be sent again once the minute is over.
        _rate_refusal_record(template=template, refusal=refusal)
        raise
    except BudgetReached as refusal:
        # The same: the teacher's notice is counted once nothing of the request is left.
        budget_refusal_record(
            classroom=assignment.classroom, scope=refusal.scope, now=timezone.now()
        )
        raise


def _generations_create(
    *,
    template: dict[str, Any],
    count: int,
    nonce: str,
    limits: SafetySettings,
    styled: Sequence[dict[str, str]] = (),
) -> list[Generation]:
    student: User = template["student"]
    assignment: Assignment = template["assignment"]
    prompt: str = template["prompt"]
    with transaction.atomic():
        # Lock the student's row so two quick clicks cannot both pass the quota check.
        User.objects.select_for_update().filter(pk=student.pk).first()
        # The token first: a repeated form is a repeat, whatever its first post used up.
        if nonce:
            _form_token_use(student=student, nonce=nonce)
        _rate_limit_check(student=student, count=count, limits=limits)
        _class_rules_check(assignment=assignment, cost=template["quoted_cost"] * count)
        allowed = picture_allowance(student=student, assignment=assignment)
        remaining = allowed - images_used(student=student, assignment=assignment)
        if remaining <= 0:
            raise ValidationError(messages.QUOTA_USED_UP, code="quota", params={"limit": allowed})
        if count > remaining:
            raise ValidationError(
                messages.QUOTA_NOT_ENOUGH, code="quota", params={"remaining": remaining}
            )
        verdict = check_prompt(prompt, classroom=assignment.classroom)
        if not verdict.allowed:
            blocked = lifecycle.generation_create(
                **template,
                status=Generation.Status.BLOCKED,
                safety_layer=verdict.layer,
                safety_rule=verdict.rule,
                error_message=str(messages.PROMPT_BLOCKED),
            )
            logger.info("generation %s blocked at submission", blocked.pk)
            queue.notify_blocked_after_commit(blocked.pk)
            return [blocked]

        generations = [
            lifecycle.generation_create(**template | {"options": template["options"] | extra})
            for extra in styled or [{}] * count
        ]
        for generation in generations:
            queue.draw_after_commit(generation.pk)
    return generations


def _class_rules_check(*, assignment: Assignment, cost: Any) -> None:
    """The class as it is now (paused, its budget and the school's), its row locked after
    the student's: a pause takes effect at once, and requests of the whole class arriving
    together are priced against the budgets one after another."""
    classroom = Classroom.objects.select_for_update().get(pk=assignment.classroom_id)
    if classroom.is_paused:
        raise ValidationError(messages.CLASS_PAUSED, code="paused")
    budget_check(classroom=classroom, cost=cost, now=timezone.now())


def _rate_limit_check(*, student: User, count: int, limits: SafetySettings) -> None:
    """Refuse (code "rate") if these pictures would pass the student's minute or day limit.

    Every attempt counts, in every assignment and whatever became of it (blocked and
    filtered ones most of all), except the notes of earlier refusals: they are not
    attempts, and counting them would keep a child locked out for as long as they knock.
    """
    per_minute = limits.pictures_per_student_per_minute
    per_day = limits.pictures_per_student_per_day
    if not per_minute and not per_day:
        return
    now = timezone.now()
    attempts = student_attempts_since(
        student=student, day_start=now - RATE_DAY, minute_start=now - RATE_WINDOW
    )
    if per_minute and attempts.minute + count > per_minute:
        raise _RateLimited(messages.TOO_MANY_TRIES_THIS_MINUTE, rule=f"{per_minute} per minute")
    if per_day and attempts.day + count > per_day:
        raise _RateLimited(messages.TOO_MANY_TRIES_TODAY, rule=f"{per_day} per day")


def _rate_refusal_record(*, template: dict[str, Any], refusal: _RateLimited) -> None:
    """Note a refusal in the safety log: one blocked row, at most one a minute per student."""
    student: User = template["student"]
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=student.pk).first()
        noted = Generation.objects.filter(
            student=student,
            safety_layer=Generation.SafetyLayer.RATE_LIMIT,
            created_at__gte=timezone.now() - RATE_WINDOW,
        ).exists()
        if noted:
            return
        generation = lifecycle.generation_create(
            **template,
            status=Generation.Status.BLOCKED,
            safety_layer=Generation.SafetyLayer.RATE_LIMIT,
            safety_rule=refusal.rule,
            error_message=str(refusal.message),
        )
    logger.info("student %s asked too often; noted as generation %s", student.pk, generation.pk)


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
