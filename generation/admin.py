from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from classrooms.admin_accessibility import LabelledFieldsMixin, NamedValuesFilter
from classrooms.models import Classroom
from generation import (
    lifecycle,
    metaprompt_admin,  # noqa: F401 (registers the metaprompt's admin)
)
from generation.messages import GENERATION_FAILED, TERM_BLOCKS_NOTHING
from generation.models import (
    ArtStyle,
    CostReport,
    DisallowedTerm,
    Generation,
    PriceRule,
    SafetyAuditEntry,
    SafetySettings,
    TurnIn,
)
from generation.money import usd
from generation.safety.audit import (
    SETTINGS_SUBJECT,
    TERM_SUBJECT,
    audit_record,
    request_actor,
)
from generation.safety.matching import blocks_something
from generation.safety.terms import disallowed_term_remove, terms_remove


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return "(none)" if value is None or value == "" else str(value)


def _changes(before: models.Model, after: models.Model, names: Iterable[str]) -> str:
    """ "field: old → new" for each named field whose saved value really changed."""
    changes = []
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            label = after._meta.get_field(name).verbose_name  # type: ignore[union-attr]
            changes.append(f"{label}: {_shown(old)} → {_shown(new)}")
    return "; ".join(changes)


def _audit_saved(
    request: HttpRequest,
    *,
    subject: str,
    before: models.Model | None,
    after: models.Model,
    changed: Iterable[str],
    added: str,
    named: str = "",
    classroom: Classroom | None = None,
) -> None:
    """One entry for a row an admin saved: `added` if it is new, else what changed
    (prefixed with `named`), and none if nothing really changed."""
    if before is None:
        action, detail = SafetyAuditEntry.Action.ADDED, added
    else:
        changes = _changes(before, after, changed)
        if not changes:
            return
        action, detail = SafetyAuditEntry.Action.CHANGED, named + changes
    audit_record(
        actor=request_actor(request),
        action=action,
        subject=subject,
        classroom=classroom,
        detail=detail,
    )


class DisallowedTermForm(forms.ModelForm):
    class Meta:
        model = DisallowedTerm
        fields = ("term", "language", "classroom", "is_active")

    def clean_term(self) -> str:
        # As the model will save it, so "Zombies" meets the unique check for "zombies"
        # here instead of failing in the database.
        term = DisallowedTerm.normalised(self.cleaned_data["term"])
        if not blocks_something(term):
            raise forms.ValidationError(TERM_BLOCKS_NOTHING, code="blocks_nothing")
        return term


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records to read, never to add, change or delete (audit trail, reports)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DisallowedTerm)
class DisallowedTermAdmin(LabelledFieldsMixin, admin.ModelAdmin):
    """Every change is audited; bulk import/export and "try a prompt" are linked above the list."""

    form = DisallowedTermForm
    list_display = ("term", "list_name", "language", "is_active", "updated_at")
    list_filter = ("language", "is_active", "classroom")
    list_editable = ("is_active",)
    list_select_related = ("classroom",)
    search_fields = ("term",)

    @admin.display(description=_("list"), ordering="classroom__name")
    def list_name(self, obj: DisallowedTerm) -> str:
        return str(obj.classroom) if obj.classroom else str(_("school-wide"))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        # Export what the list is filtered to: one class's additions, else the school's.
        class_id = request.GET.get("classroom__id__exact", "")
        classroom = Classroom.objects.filter(pk=class_id).first() if class_id.isdigit() else None
        context = {
            "export_classroom": classroom,
            "export_query": f"?classroom={classroom.pk}" if classroom else "",
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def save_model(
        self, request: HttpRequest, obj: DisallowedTerm, form: forms.ModelForm, change: bool
    ) -> None:
        before = (
            DisallowedTerm.objects.select_related("classroom").filter(pk=obj.pk).first()
            if change
            else None
        )
        if not change:
            obj.created_by = request_actor(request)
        super().save_model(request, obj, form, change)
        _audit_saved(
            request,
            subject=TERM_SUBJECT,
            before=before,
            after=obj,
            changed=form.changed_data,
            added=obj.term if obj.is_active else f"{obj.term} (switched off)",
            named=f"{obj.term}: ",
            classroom=obj.classroom,
        )

    def delete_model(self, request: HttpRequest, obj: DisallowedTerm) -> None:
        disallowed_term_remove(actor=request_actor(request), term=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DisallowedTerm]) -> None:
        terms_remove(actor=request_actor(request), terms=queryset)


@admin.register(SafetySettings)
class SafetySettingsAdmin(admin.ModelAdmin):
    """One row of switches: its list opens the row, and it can be neither added nor deleted."""

    switches = (
        "moderation_enabled",
        "image_moderation_enabled",
        "notify_after_blocked_attempts",
        "pictures_per_student_per_minute",
        "pictures_per_student_per_day",
        "show_stopped_words",
    )
    fields = (*switches, "updated_at")
    readonly_fields = ("updated_at",)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        row = SafetySettings.current()
        return HttpResponseRedirect(
            reverse("admin:generation_safetysettings_change", args=[row.pk])
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not SafetySettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: SafetySettings, form: forms.ModelForm, change: bool
    ) -> None:
        before = SafetySettings.objects.filter(pk=obj.pk).first()
        super().save_model(request, obj, form, change)
        _audit_saved(
            request,
            subject=SETTINGS_SUBJECT,
            before=before,
            after=obj,
            changed=form.changed_data,
            added=_changes(SafetySettings(), obj, self.switches) or "defaults",
        )


@admin.register(SafetyAuditEntry)
class SafetyAuditEntryAdmin(ReadOnlyAdmin):
    """The trail is written by the code that makes the changes, never by hand."""

    list_display = ("at", "actor", "action", "subject", "classroom", "short_detail")
    list_filter = ("action", "subject", "classroom")
    list_select_related = ("actor", "classroom")
    search_fields = ("detail",)
    date_hierarchy = "at"

    @admin.display(description=_("detail"))
    def short_detail(self, obj: SafetyAuditEntry) -> str:
        first_line = obj.detail.split("\n", 1)[0]
        return first_line if len(first_line) <= 120 else first_line[:119] + "…"


@admin.register(Generation)
class GenerationAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "student",
        "assignment",
        "status",
        "provider",
        "model",
        "estimated_cost",
        "created_at",
    )
    list_filter = ("status", ("provider", NamedValuesFilter), ("model", NamedValuesFilter))
    search_fields = ("student__username", "prompt", "assignment__title")
    date_hierarchy = "created_at"
    # Pictures are shown through the permission-checked view, never by a storage URL.
    exclude = ("image", "thumbnail")
    readonly_fields = [
        *(f.name for f in Generation._meta.fields if f.name not in ("image", "thumbnail")),
        "picture",
    ]
    actions = ["fail_stuck"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("picture"))
    def picture(self, generation: Generation) -> str:
        if not generation.image:
            return "—"
        return format_html(
            '<a href="{}"><img src="{}" alt="" style="max-width:256px"></a>',
            reverse("image_file", args=[generation.pk, "original"]),
            reverse("image_file", args=[generation.pk, "thumb"]),
        )

    @admin.action(description=_("Mark selected stuck generations as failed"))
    def fail_stuck(self, request: HttpRequest, queryset: QuerySet[Generation]) -> None:
        count = 0
        for generation in queryset.filter(status__in=Generation.IN_PROGRESS):
            # Only those still as listed: one that finished meanwhile keeps its picture.
            count += lifecycle.fail(
                generation, message=str(GENERATION_FAILED), detail="Marked failed by an admin."
            )
        self.message_user(request, _("%(count)d generations marked failed.") % {"count": count})


@admin.register(PriceRule)
class PriceRuleAdmin(LabelledFieldsMixin, admin.ModelAdmin):
    list_display = (
        "model_prefix",
        "size",
        "quality",
        "price_per_image",
        "input_per_million_tokens",
        "output_per_million_tokens",
        "updated_at",
    )
    list_editable = ("price_per_image", "input_per_million_tokens", "output_per_million_tokens")
    search_fields = ("model_prefix", "size", "quality")


@admin.register(ArtStyle)
class ArtStyleAdmin(LabelledFieldsMixin, admin.ModelAdmin):
    """The styles students may pick to draw the same idea in several styles."""

    list_display = ("name", "prompt_words", "is_active", "order")
    list_editable = ("is_active", "order")
    list_filter = ("is_active",)
    search_fields = ("name", "prompt_words")


@admin.register(CostReport)
class CostReportAdmin(ReadOnlyAdmin):
    """Every class with its teachers, pictures and estimated cost; a report, never edited."""

    list_display = ("name", "teacher_names", "picture_count", "cost")
    list_display_links = None
    search_fields = ("name", "teachers__username", "teachers__display_name")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CostReport]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related("teachers")
            .annotate(
                pictures=Count(
                    "assignments__generations",
                    filter=Q(assignments__generations__image__gt=""),
                ),
                total_cost=Coalesce(
                    Sum("assignments__generations__estimated_cost"),
                    Value(Decimal("0")),
                    output_field=DecimalField(max_digits=12, decimal_places=4),
                ),
            )
        )

    @admin.display(description=_("teachers"))
    def teacher_names(self, obj: CostReport) -> str:
        return ", ".join(sorted(str(teacher) for teacher in obj.teachers.all()))

    @admin.display(description=_("pictures"), ordering="pictures")
    def picture_count(self, obj: CostReport) -> int:
        return obj.pictures  # type: ignore[attr-defined]

    @admin.display(description=_("estimated cost (USD)"), ordering="total_cost")
    def cost(self, obj: CostReport) -> str:
        return usd(obj.total_cost)  # type: ignore[attr-defined]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        # The whole school, whatever the search narrows the list to.
        school = Generation.objects.aggregate(
            pictures=Count("pk", filter=Q(image__gt="")), cost=Sum("estimated_cost")
        )
        context = {
            "title": _("Cost report"),
            "school_pictures": school["pictures"],
            "school_cost": usd(school["cost"] or Decimal("0")),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)


@admin.register(TurnIn)
class TurnInAdmin(ReadOnlyAdmin):
    """What students turned in, with their captions: written by students only."""

    list_display = ("created_at", "student", "assignment", "generation", "caption")
    list_filter = ("assignment__classroom",)
    list_select_related = ("student", "assignment", "generation")
    search_fields = ("caption", "student__username")
    date_hierarchy = "created_at"


# The review's trail has its own module (this one is long enough).
from generation import review_admin  # noqa: E402, F401
