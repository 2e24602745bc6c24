from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from generation.models import CostReport, DisallowedTerm, Generation, Metaprompt, PriceRule


@admin.register(DisallowedTerm)
class DisallowedTermAdmin(admin.ModelAdmin):
    list_display = ("term", "language", "is_active", "updated_at")
    list_filter = ("language", "is_active")
    list_editable = ("is_active",)
    search_fields = ("term",)


@admin.register(Metaprompt)
class MetapromptAdmin(admin.ModelAdmin):
    list_display = ("version", "is_active", "created_by", "created_at")
    readonly_fields = ("version", "created_by", "created_at")

    def save_model(self, request: HttpRequest, obj: Metaprompt, form: object, change: bool) -> None:
        if change:
            # Versions are kept as they were used: an edit saves a new version.
            obj.pk = None
            obj.version = 0
            messages.info(request, _("Saved as a new version; earlier versions are kept."))
        obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


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
    list_filter = ("status", "provider", "model")
    search_fields = ("student__username", "prompt", "assignment__title")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Generation._meta.fields]
    actions = ["fail_stuck"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Mark selected stuck generations as failed"))
    def fail_stuck(self, request: HttpRequest, queryset: QuerySet[Generation]) -> None:
        from generation.messages import GENERATION_FAILED

        count = 0
        for generation in queryset.filter(status__in=Generation.IN_PROGRESS):
            generation.mark_failed(
                message=str(GENERATION_FAILED), detail="Marked failed by an admin."
            )
            count += 1
        self.message_user(request, _("%(count)d generations marked failed.") % {"count": count})


@admin.register(PriceRule)
class PriceRuleAdmin(admin.ModelAdmin):
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


def _dollars(amount: Decimal) -> str:
    return f"${amount:.2f}"


@admin.register(CostReport)
class CostReportAdmin(admin.ModelAdmin):
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
        return _dollars(obj.total_cost)  # type: ignore[attr-defined]

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
            "school_cost": _dollars(school["cost"] or Decimal("0")),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
