"""What a teacher's review leaves behind: the trail of decisions, the teacher's own preset
reasons, and extra pictures given to one student for one assignment (issue 14)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms.models import Assignment
from generation.models import GenerationStatus


class ReviewDecision(models.Model):
    """One decision about a picture, or a change of one: never edited, never deleted."""

    generation = models.ForeignKey(
        "generation.Generation", on_delete=models.CASCADE, related_name="decisions"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(_("from"), max_length=20, choices=GenerationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=GenerationStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    gave_try_back = models.BooleanField(_("gave the try back"), default=False)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        indexes = [models.Index(fields=["generation", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.generation_id}: {self.from_status} -> {self.to_status}"


class PresetReason(models.Model):
    """A reason a teacher keeps for rejecting, picked to fill the reason field."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preset_reasons"
    )
    text = models.CharField(_("reason"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("preset reason")
        verbose_name_plural = _("preset reasons")

    def __str__(self) -> str:
        return self.text


class ExtraPictures(models.Model):
    """Pictures one student may make for one assignment on top of its limit.

    A number the teacher sets, not one added to: sending the same form twice (a double
    click) gives the same allowance.
    """

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("extra pictures"), default=0)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("extra pictures")
        verbose_name_plural = _("extra pictures")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="extra_pictures_once_per_student"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} +{self.count}"
