from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from classrooms.admin_accessibility import LabelledFieldsMixin
from classrooms.lockout import sign_in_unlock
from classrooms.models import Assignment, Classroom, SchoolSettings, TeacherInviteCode, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "role", "is_staff", "is_active", "date_joined")
    list_filter = ("role", "is_staff", "is_active")
    search_fields = ("username", "display_name", "email")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Edu4All"), {"fields": ("role", "display_name")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Edu4All"), {"fields": ("role", "display_name")}),
    )
    # generation/privacy_admin.py adds the privacy actions (they need the pictures).
    actions = ["unlock_sign_in"]

    @admin.action(description=_("Unlock sign-in (after too many wrong passwords)"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            sign_in_unlock(username=user.username)
        self.message_user(
            request,
            _("%(count)s people can sign in again.") % {"count": len(queryset)},
            messages.SUCCESS,
        )


@admin.register(TeacherInviteCode)
class TeacherInviteCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "note", "is_active", "created_at")
    list_filter = ("is_active",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ("title", "is_open", "due_at", "image_limit", "requires_approval")
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(LabelledFieldsMixin, admin.ModelAdmin):
    list_display = ("name", "join_code", "monthly_budget", "paused_at", "created_at", "archived_at")
    list_filter = (("archived_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "join_code")
    filter_horizontal = ("teachers", "students")
    # Paused and resumed by the class's teachers, on its live page.
    readonly_fields = ("paused_at", "paused_by")
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(LabelledFieldsMixin, admin.ModelAdmin):
    list_display = ("title", "classroom", "is_open", "due_at", "image_limit", "requires_approval")
    list_filter = ("is_open", "requires_approval", ("archived_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "classroom__name")


@admin.register(SchoolSettings)
class SchoolSettingsAdmin(admin.ModelAdmin):
    """One row: the admin opens it from the list and changes it; never adds or deletes."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SchoolSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
