from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms.models import Assignment, Classroom


class Metaprompt(models.Model):
    """A versioned child-safe frame around every student prompt; the newest active wins."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(
        _("text"),
        help_text=_(
            "Safety instructions sent before the student's prompt. "
            "Use {disallow_list} where the disallowed terms should go."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("metaprompt")
        verbose_name_plural = _("metaprompts")

    def __str__(self) -> str:
        return f"v{self.version}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.version:
            latest = Metaprompt.objects.aggregate(models.Max("version"))["version__max"] or 0
            self.version = latest + 1
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class DisallowedTerm(models.Model):
    """One word or phrase that must never reach an image model.

    Terms without a class are the school-wide list, managed by admins; terms with a
    class are that class's additions, managed by its teachers.
    """

    term = models.CharField(
        _("term"),
        max_length=100,
        help_text=_(
            "A word or phrase. Plurals, common endings, leetspeak, look-alike letters and "
            'spacing tricks are caught too. Write it in "double quotes" to block only the '
            "word as written, without plurals or endings."
        ),
    )
    language = models.CharField(_("language"), max_length=8, default="en")
    classroom = models.ForeignKey(
        "classrooms.Classroom",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="disallowed_terms",
        verbose_name=_("class"),
        help_text=_("Empty for the school-wide list."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("disallowed term")
        verbose_name_plural = _("disallow list")
        constraints = [
            models.UniqueConstraint(
                fields=["term"],
                condition=models.Q(classroom__isnull=True),
                name="disallowed_term_unique_school_wide",
            ),
            models.UniqueConstraint(
                fields=["term", "classroom"], name="disallowed_term_unique_per_class"
            ),
        ]

    def __str__(self) -> str:
        return self.term

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.term = self.normalised(self.term)
        super().save(*args, **kwargs)

    @staticmethod
    def normalised(text: str) -> str:
        """How every term is stored and compared: lower case, single spaces."""
        return " ".join(text.lower().split())


class SafetySettings(models.Model):
    """School-wide safety switches an admin flips in the admin (one row)."""

    moderation_enabled = models.BooleanField(
        _("check prompts with OpenAI moderation"),
        default=True,
        help_text=_("Used only when an OpenAI key is configured."),
    )
    image_moderation_enabled = models.BooleanField(
        _("check finished pictures with OpenAI moderation before review"),
        default=False,
        help_text=_("Used only when an OpenAI key is configured."),
    )
    notify_after_blocked_attempts = models.PositiveSmallIntegerField(
        _("e-mail the teacher after this many blocked attempts by one student in a day"),
        default=3,
        help_text=_("0 turns the e-mails off."),
    )
    # A script or a stubborn child must not flood the queue, or keep tripping the image
    # service's filter on the school's account: every attempt counts, in every class.
    pictures_per_student_per_minute = models.PositiveSmallIntegerField(
        _("pictures one student may ask for in a minute"),
        default=10,
        help_text=_(
            "Across all assignments, blocked and stopped attempts included. 0 means no limit."
        ),
    )
    pictures_per_student_per_day = models.PositiveSmallIntegerField(
        _("pictures one student may ask for in a day"),
        default=100,
        help_text=_(
            "In the last 24 hours, across all assignments, blocked and stopped attempts "
            "included. 0 means no limit."
        ),
    )
    show_stopped_words = models.BooleanField(
        _("show students which of their words the disallow lists stopped"),
        default=True,
        help_text=_(
            "The student's own words are marked, never the list's. Off: only the kind "
            "message that some words are not allowed."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("safety settings")
        verbose_name_plural = _("safety settings")

    def __str__(self) -> str:
        return str(_("Safety settings"))

    @classmethod
    def current(cls) -> "SafetySettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


class SafetyCategorySwitch(models.Model):
    """One default list (a category shipped as data) switched on or off: for the school
    (no class), or switched on for one class on top of the school's choice.

    The lists themselves are files (`generation/safety/defaults/categories/`); only the
    switches live here. No row means the category's shipped default.
    """

    category = models.CharField(_("category"), max_length=40)
    classroom = models.ForeignKey(
        "classrooms.Classroom",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    is_on = models.BooleanField(_("on"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("default list switch")
        verbose_name_plural = _("default list switches")
        constraints = [
            models.UniqueConstraint(
                fields=["category"],
                condition=models.Q(classroom__isnull=True),
                name="category_switch_unique_school_wide",
            ),
            models.UniqueConstraint(
                fields=["category", "classroom"], name="category_switch_unique_per_class"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {'on' if self.is_on else 'off'}"


class SafetyAuditEntry(models.Model):
    """Who changed a disallow list, the metaprompt or the safety settings, when and how."""

    class Action(models.TextChoices):
        ADDED = "added", _("added")
        CHANGED = "changed", _("changed")
        REMOVED = "removed", _("removed")
        IMPORTED = "imported", _("imported")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    subject = models.CharField(_("what"), max_length=60)  # e.g. "disallowed term"
    classroom = models.ForeignKey(
        "classrooms.Classroom",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("safety audit entry")
        verbose_name_plural = _("safety audit trail")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.subject}"


class PriceRule(models.Model):
    """What one picture costs: per image, or per million tokens for gpt-image models.

    The most specific matching rule wins: a model prefix with size and quality beats one
    with only a quality, which beats one with neither. Admins edit these in the admin.
    """

    model_prefix = models.CharField(
        _("model"),
        max_length=80,
        help_text=_("A model id or its start, e.g. dall-e-3 or gpt-image."),
    )
    size = models.CharField(
        _("size"), max_length=16, blank=True, help_text=_("e.g. 1024x1024; empty for any size")
    )
    quality = models.CharField(
        _("quality"), max_length=16, blank=True, help_text=_("e.g. hd; empty for any quality")
    )
    price_per_image = models.DecimalField(
        _("price per image (USD)"), max_digits=8, decimal_places=4, default=Decimal("0")
    )
    input_per_million_tokens = models.DecimalField(
        _("input tokens, USD per million"), max_digits=8, decimal_places=4, default=Decimal("0")
    )
    output_per_million_tokens = models.DecimalField(
        _("output tokens, USD per million"), max_digits=8, decimal_places=4, default=Decimal("0")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["model_prefix", "size", "quality"]
        verbose_name = _("price")
        verbose_name_plural = _("prices")
        constraints = [
            models.UniqueConstraint(
                fields=["model_prefix", "size", "quality"], name="price_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return " ".join(part for part in (self.model_prefix, self.size, self.quality) if part)


class GenerationStatus(models.TextChoices):
    """Where a picture is in its life; only generation/lifecycle.py moves it on."""

    QUEUED = "queued", _("Waiting in line")
    GENERATING = "generating", _("Drawing")
    AWAITING_REVIEW = "awaiting_review", _("Waiting for your teacher")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
    FILTERED = "filtered", _("Stopped by the image service's safety filter")
    FAILED = "failed", _("Something went wrong")
    BLOCKED = "blocked", _("Not sent")


class Generation(models.Model):
    Status = GenerationStatus

    IN_PROGRESS = (Status.QUEUED, Status.GENERATING)
    FINISHED = (
        Status.AWAITING_REVIEW,
        Status.APPROVED,
        Status.REJECTED,
        Status.FILTERED,
        Status.FAILED,
        Status.BLOCKED,
    )
    # Only requests that made (or may still make) a picture use up a student's quota.
    USES_QUOTA = (
        Status.QUEUED,
        Status.GENERATING,
        Status.AWAITING_REVIEW,
        Status.APPROVED,
        Status.REJECTED,
    )

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generations"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="generations")
    prompt = models.TextField(_("prompt"))
    options = models.JSONField(_("options"), default=dict, blank=True)
    size = models.CharField(_("size"), max_length=16)
    final_prompt = models.TextField(_("final prompt sent"), blank=True)
    metaprompt = models.ForeignKey(
        Metaprompt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )

    class SafetyLayer(models.TextChoices):
        SCHOOL_LIST = "school_list", _("School disallow list")
        CATEGORY = "category", _("Default list")
        CLASS_LIST = "class_list", _("Class disallow list")
        MODERATION = "moderation", _("Prompt moderation")
        PROVIDER_FILTER = "provider_filter", _("Image service's safety filter")
        IMAGE_MODERATION = "image_moderation", _("Picture moderation")
        TEACHER = "teacher", _("Teacher review")
        # Not a judgement of the prompt: the student asked for too many pictures too fast.
        RATE_LIMIT = "rate_limit", _("Too many tries")

    # Which safety layer decided (blocked, filtered or rejected) and which rule matched.
    safety_layer = models.CharField(
        _("safety layer"), max_length=20, choices=SafetyLayer.choices, blank=True
    )
    safety_rule = models.CharField(_("rule"), max_length=200, blank=True)
    prompt_was_shortened = models.BooleanField(
        _("student's text shortened to fit the model"), default=False
    )
    revised_prompt = models.TextField(_("revised prompt"), blank=True)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    model = models.CharField(_("model"), max_length=80, blank=True)
    image = models.FileField(_("image"), max_length=300, blank=True)
    thumbnail = models.FileField(_("thumbnail"), max_length=300, blank=True)
    # The latest partial picture a streaming model sent while drawing, shown only to the
    # student; gone as soon as the drawing ends (generation/services/partials.py).
    partial_image = models.FileField(_("picture so far"), max_length=300, blank=True)
    error_message = models.TextField(_("message for the student"), blank=True)
    error_detail = models.TextField(_("technical detail for staff"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    usage = models.JSONField(_("token usage"), default=dict, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost (USD)"), max_digits=8, decimal_places=4, default=Decimal("0")
    )
    # The price table's figure when it was asked for: what a picture still queued or
    # drawing counts against the budgets until its own cost is known.
    quoted_cost = models.DecimalField(
        _("price quoted before drawing (USD)"),
        max_digits=8,
        decimal_places=4,
        default=Decimal("0"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason"), blank=True)
    # A rejected picture whose try the teacher gave back: it no longer counts against the
    # student's allowance. A flag, not a count, so giving back twice gives back once.
    try_given_back = models.BooleanField(_("try given back"), default=False)
    # A decision (or a change of one) the student has not seen yet: "New" on their page.
    decision_unseen = models.BooleanField(_("decision not seen yet"), default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When it last went into the queue: the stale sweep measures from here.
    queued_at = models.DateTimeField(default=timezone.now)
    # A picture waiting to be retried is not drawn before this (the provider's backoff).
    not_before = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # An edit of one of the student's own pictures (issue 12): the picture it changes, the
    # mask the server built from what was painted (alpha 0 = the area to change), and
    # whether everything outside that area is put back exactly as it was.
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edits",
        verbose_name=_("edit of"),
    )
    edit_mask = models.BinaryField(_("area to change"), blank=True, editable=False, default=b"")
    keeps_outside = models.BooleanField(
        _("everything outside the painted area kept exactly"), default=False
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("generation")
        verbose_name_plural = _("generations")
        indexes = [
            models.Index(fields=["assignment", "status"]),
            models.Index(fields=["student", "assignment"]),
            models.Index(fields=["student", "created_at"]),  # the per-student rate limit
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "queued_at"]),
            models.Index(fields=["started_at"]),
            # A class's month of spending, and its live page's "who is working".
            models.Index(fields=["assignment", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=GenerationStatus.values),
                name="generation_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.student} ({self.status})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS

    @property
    def has_image(self) -> bool:
        return bool(self.image)

    @property
    def is_edit(self) -> bool:
        return self.parent_id is not None or bool(self.edit_mask)

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    def as_read(self) -> "models.QuerySet[Generation]":
        """This record, but only while its status and attempt are what this object read.

        Every change the worker (or an admin's action) makes goes through it, so a thread
        that hung past the stale sweep, or a page that was already out of date, changes
        nothing about a record someone else has moved on since.
        """
        return Generation.objects.filter(pk=self.pk, status=self.status, attempts=self.attempts)


class UsedFormToken(models.Model):
    """A prompt form that was already sent once: posting it again makes no new pictures.

    Written in the same transaction as the pictures, so of two posts of one form at the
    same moment only one can commit (the token is unique).
    """

    token = models.CharField(max_length=64, unique=True)
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["student", "created_at"])]

    def __str__(self) -> str:
        return self.token


class SchoolBudget(models.Model):
    """The whole school's monthly budget (one row, set by admins in the admin)."""

    monthly_budget = models.DecimalField(
        _("school's monthly budget (USD)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "The most all pictures together may cost in a calendar month, by the price "
            "table's estimates. Empty means no school budget. Each class may also have "
            "its own, on the class's page in the admin."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("school budget")
        verbose_name_plural = _("school budget")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_budget__isnull=True) | models.Q(monthly_budget__gte=0),
                name="school_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(_("School budget"))

    @classmethod
    def current(cls) -> "SchoolBudget":
        row, _created = cls.objects.get_or_create(pk=1)
        return row


class BudgetScope(models.TextChoices):
    CLASS = "class", _("the class's budget")
    SCHOOL = "school", _("the school's budget")


class BudgetRefusal(models.Model):
    """Pictures of a class refused in one month because a budget was used up: the notice
    its teachers see on the class page. One row per class, month and budget."""

    Scope = BudgetScope

    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="+", verbose_name=_("class")
    )
    month = models.DateField(_("month"))  # its first day
    scope = models.CharField(_("budget"), max_length=8, choices=BudgetScope.choices)
    refused = models.PositiveIntegerField(_("requests refused"), default=0)
    first_at = models.DateTimeField(_("first refused"), default=timezone.now)
    last_at = models.DateTimeField(_("last refused"), default=timezone.now)

    class Meta:
        ordering = ["-month", "scope"]
        verbose_name = _("budget refusal")
        verbose_name_plural = _("budget refusals")
        constraints = [
            models.UniqueConstraint(
                fields=["classroom", "month", "scope"], name="budget_refusal_once_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.classroom} {self.month:%Y-%m} {self.scope}: {self.refused}"


class CostReport(Classroom):
    """Classes seen from the admin's cost report: pictures and estimated spend per class."""

    class Meta:
        proxy = True
        verbose_name = _("class cost")
        verbose_name_plural = _("class costs")


TURN_IN_CAPTION_MAX_LENGTH = 280


class TurnIn(models.Model):
    """A picture a student chose as their work for an assignment, with why they chose it.

    Not a status: the picture stays approved (or awaiting review) whether or not it is
    turned in, and taking it back deletes only this row. Written by services/turn_in.py.
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="turn_ins"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="turn_ins")
    generation = models.ForeignKey(
        Generation, on_delete=models.CASCADE, related_name="turn_ins", verbose_name=_("picture")
    )
    caption = models.CharField(_("why I chose it"), max_length=TURN_IN_CAPTION_MAX_LENGTH)
    created_at = models.DateTimeField(_("turned in"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("turned-in picture")
        verbose_name_plural = _("turned-in pictures")
        indexes = [models.Index(fields=["assignment", "student"])]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "generation"], name="turn_in_once_per_picture"
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length(Trim("caption")), 0), name="turn_in_caption_not_blank"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("caption"), TURN_IN_CAPTION_MAX_LENGTH),
                name="turn_in_caption_short",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student}: #{self.generation_id}"

    @staticmethod
    def statuses_for(assignment: Assignment) -> tuple[str, ...]:
        """The statuses a picture of this assignment may be turned in with."""
        if assignment.requires_approval:
            return (GenerationStatus.APPROVED,)
        return (GenerationStatus.APPROVED, GenerationStatus.AWAITING_REVIEW)


class ArtStyle(models.Model):
    """An art style a student may pick to draw the same idea in several styles.

    Not the model's own "style" option (DALL-E 3's vivid or natural): these are words
    added to the prompt, outside the student's fenced text. Admins edit the list.
    """

    name = models.CharField(
        _("name"), max_length=60, unique=True, help_text=_("What students see, e.g. Watercolour.")
    )
    prompt_words = models.CharField(
        _("words added to the prompt"),
        max_length=200,
        help_text=_(
            'They finish the sentence "Draw the picture …", e.g. "in the style of a '
            'watercolour painting" or "as pixel art".'
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers are shown first.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("art style")
        verbose_name_plural = _("art styles")

    def __str__(self) -> str:
        return self.name


# The review's own rows live in their own module (this one is long enough).
# The class book's export row lives with the rest of the export (generation/exports/).
from generation.exports.models import Export  # noqa: E402, F401
from generation.review_models import (  # noqa: E402, F401
    ExtraPictures,
    PresetReason,
    ReviewDecision,
)
