from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from generation.models import DisallowedTerm, Generation, Metaprompt


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
