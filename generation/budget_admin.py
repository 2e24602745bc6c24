"""The budgets in the admin: the school's monthly budget (one row) and the refusals a
budget caused, read-only. A class's own budget is a field of the class
(classrooms/admin.py). Registered from GenerationConfig.ready, beside generation/admin.py."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from classrooms.admin_accessibility import LabelledFieldsMixin
from generation.models import BudgetRefusal, SchoolBudget


@admin.register(SchoolBudget)
class SchoolBudgetAdmin(LabelledFieldsMixin, admin.ModelAdmin):
    """One row: its list opens the row, and it can be neither added twice nor deleted."""

    fields = ("monthly_budget", "updated_at")
    readonly_fields = ("updated_at",)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        row = SchoolBudget.current()
        return HttpResponseRedirect(reverse("admin:generation_schoolbudget_change", args=[row.pk]))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not SchoolBudget.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(BudgetRefusal)
class BudgetRefusalAdmin(admin.ModelAdmin):
    """Written when a request is refused for a budget; read here, never edited."""

    list_display = ("month", "classroom", "scope", "refused", "first_at", "last_at")
    list_filter = ("scope", "month")
    list_select_related = ("classroom",)
    search_fields = ("classroom__name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
