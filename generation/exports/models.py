"""One export of an assignment's pictures, asked for by a teacher and built by the worker."""

from django.conf import settings
from django.db import models
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms.models import Assignment


class ExportKind(models.TextChoices):
    ZIP = "zip", _("The original pictures and a spreadsheet (ZIP)")
    BOOK = "book", _("A class book to print (PDF)")


class ExportSource(models.TextChoices):
    APPROVED = "approved", _("Every approved picture")
    TURNED_IN = "turned_in", _("Only the pictures students turned in")


class ExportState(models.TextChoices):
    """Where an export is. Called `state`, not `status`, so that "status" stays the
    picture's word, which only generation/lifecycle.py writes."""

    QUEUED = "queued", _("Waiting to start")
    BUILDING = "building", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be made")


class Export(models.Model):
    Kind = ExportKind
    Source = ExportSource
    State = ExportState

    IN_PROGRESS = (ExportState.QUEUED, ExportState.BUILDING)

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="exports")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=ExportKind.choices)
    source = models.CharField(_("pictures"), max_length=12, choices=ExportSource.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=ExportState.choices, default=ExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (per cent)"), default=0)
    # The teacher's language when they asked: the book's words are in it.
    language = models.CharField(_("language"), max_length=8)
    file = models.FileField(_("file"), max_length=300, blank=True)
    error_message = models.TextField(_("message for the teacher"), blank=True)
    error_detail = models.TextField(_("technical detail for staff"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        indexes = [
            models.Index(fields=["assignment", "created_at"]),
            models.Index(fields=["state", "created_at"]),  # the stale sweep
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=ExportState.values), name="export_state_known"
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(models.F("progress"), 100), name="export_progress_pct"
            ),
            # A double click on "Make it" makes one export: while one is on its way, the
            # same teacher asking for the same thing again gets that one.
            models.UniqueConstraint(
                fields=["assignment", "teacher", "kind", "source"],
                condition=models.Q(state__in=["queued", "building"]),
                name="export_one_on_its_way",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} of {self.assignment_id} ({self.state})"

    @property
    def is_in_progress(self) -> bool:
        return self.state in self.IN_PROGRESS

    @property
    def is_ready(self) -> bool:
        return self.state == ExportState.READY and bool(self.file)

    @property
    def extension(self) -> str:
        return "pdf" if self.kind == ExportKind.BOOK else "zip"

    def progress_set(self, percent: int) -> None:
        """Note how far the worker has got; only while it is building, only this field."""
        percent = max(0, min(100, percent))
        if percent == self.progress:
            return
        Export.objects.filter(pk=self.pk, state=ExportState.BUILDING).update(progress=percent)
        self.progress = percent
