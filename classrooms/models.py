import secrets
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms import messages

# Join codes avoid letters children confuse (0/O, 1/I/L).
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    """A random code no class uses yet."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not Classroom.objects.filter(join_code=code).exists():
            return code


class User(AbstractUser):
    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")
        # Admins are Django staff; the role says what they see on the site itself.
        ADMIN = "admin", _("School admin")

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.STUDENT)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    # Empty until the person picks one with the switcher: then the browser's language.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )

    @property
    def is_teacher(self) -> bool:
        return self.role == self.Role.TEACHER

    @property
    def is_student(self) -> bool:
        return self.role == self.Role.STUDENT

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class TeacherInviteCode(models.Model):
    """A code the school admin hands to teachers so they can sign themselves up."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("teacher invite code")
        verbose_name_plural = _("teacher invite codes")

    def __str__(self) -> str:
        return self.code


class Classroom(models.Model):
    name = models.CharField(_("name"), max_length=120)
    join_code = models.CharField(_("join code"), max_length=12, unique=True, default=new_join_code)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teaching", verbose_name=_("teachers")
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="classrooms",
        blank=True,
        verbose_name=_("students"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # "Pause the class" (the teacher's live page): no new pictures while this is set.
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("paused by"),
    )
    # What the class's pictures may cost in a calendar month (generation prices them).
    monthly_budget = models.DecimalField(
        _("monthly budget (USD)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_(
            "The most this class's pictures may cost in a calendar month, by the price "
            "table's estimates. Empty means no class budget (the school's still applies)."
        ),
    )
    # Archived classes are read-only and listed apart; restoring clears the date.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_budget__isnull=True) | models.Q(monthly_budget__gte=0),
                name="classroom_monthly_budget_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None

    def pause(self, *, by: "User") -> bool:
        """Stop new pictures at once; False if the class was already paused (by anyone)."""
        now = timezone.now()
        if not Classroom.objects.filter(pk=self.pk, paused_at__isnull=True).update(
            paused_at=now, paused_by=by
        ):
            return False
        self.paused_at, self.paused_by = now, by
        return True

    def resume(self) -> bool:
        """New pictures may be asked for again; False if the class was not paused."""
        if not Classroom.objects.filter(pk=self.pk, paused_at__isnull=False).update(
            paused_at=None, paused_by=None
        ):
            return False
        self.paused_at, self.paused_by = None, None
        return True

    def rotate_join_code(self) -> None:
        self.join_code = new_join_code()
        self.save(update_fields=["join_code"])

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def archive(self) -> None:
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at"])

    def restore(self) -> None:
        self.archived_at = None
        self.save(update_fields=["archived_at"])


# Due dates a school could mean. Far-off years (0001, 9999) are typing slips, and they break
# time-zone arithmetic: year 1 in a zone east of UTC is before the first UTC date there is.
DUE_YEARS = range(2000, 2100)
DUE_AT_EARLIEST = datetime(DUE_YEARS.start, 1, 1, tzinfo=UTC)
DUE_AT_LATEST = datetime(DUE_YEARS.stop, 1, 1, tzinfo=UTC)


def validate_due_at(value: datetime) -> None:
    # The year first: comparing year 1 with a UTC date would convert time zones and fail.
    # Then exactly the range the database holds (a zone's New Year is not UTC's).
    if value.year not in DUE_YEARS or not DUE_AT_EARLIEST <= value < DUE_AT_LATEST:
        raise ValidationError(
            messages.DUE_DATE_OUT_OF_RANGE,
            code="due_at_range",
            params={"first": DUE_YEARS.start, "last": DUE_YEARS.stop - 1},
        )


class Assignment(models.Model):
    classroom = models.ForeignKey(
        Classroom, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("class")
    )
    title = models.CharField(_("title"), max_length=160)
    instructions = models.TextField(_("instructions"), blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, validators=[validate_due_at])
    image_limit = models.PositiveSmallIntegerField(
        _("images per student"), default=5, validators=[MinValueValidator(1)]
    )
    # Option values students may choose; see generation.capabilities for their names.
    allowed_orientations = models.JSONField(_("orientations"), default=list, blank=True)
    allowed_qualities = models.JSONField(_("qualities"), default=list, blank=True)
    allowed_styles = models.JSONField(_("styles"), default=list, blank=True)
    requires_approval = models.BooleanField(
        _("teacher approves images before classmates see them"), default=True
    )
    # The creative loop (issue 12): what students may do beyond writing a prompt.
    editing_allowed = models.BooleanField(
        _("students may change part of their pictures"),
        default=True,
        help_text=_("Where the picture service can do it; each change counts as a picture."),
    )
    style_comparison_allowed = models.BooleanField(
        _("students may draw the same idea in several styles"), default=False
    )
    prompt_builder = models.BooleanField(
        _("offer the prompt builder (for younger students)"), default=False
    )
    turn_in_limit = models.PositiveSmallIntegerField(
        _("pictures each student turns in"),
        default=1,
        help_text=_("0 means students do not turn pictures in."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(image_limit__gte=1), name="assignment_image_limit_positive"
            ),
            # No stored date can break a page, whoever wrote it.
            models.CheckConstraint(
                condition=models.Q(due_at__isnull=True)
                | models.Q(due_at__gte=DUE_AT_EARLIEST, due_at__lt=DUE_AT_LATEST),
                name="assignment_due_at_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def close(self) -> None:
        self.is_open = False
        self.save(update_fields=["is_open"])

    def reopen(self) -> None:
        self.is_open = True
        self.save(update_fields=["is_open"])

    @property
    def is_past_due(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()

    @property
    def is_archived(self) -> bool:
        """Archived itself, or its class is (read the class with select_related)."""
        return self.archived_at is not None or self.classroom.archived_at is not None

    @property
    def is_closed(self) -> bool:
        """Closed to new pictures, for whatever reason: what teachers and students see."""
        return not self.is_open or self.is_past_due or self.is_archived

    def archive(self) -> None:
        self.archived_at = timezone.now()
        self.save(update_fields=["archived_at"])

    def restore(self) -> None:
        self.archived_at = None
        self.save(update_fields=["archived_at"])


class SchoolSettings(models.Model):
    """The school's few settings for classes, one row an admin edits (SchoolSettings.load)."""

    max_images_per_student = models.PositiveSmallIntegerField(
        _("most pictures per student an assignment may allow"),
        default=20,
        validators=[MinValueValidator(1)],
    )

    class Meta:
        verbose_name = _("school settings")
        verbose_name_plural = _("school settings")

    def __str__(self) -> str:
        return str(_("School settings"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # one row only
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SchoolSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row
