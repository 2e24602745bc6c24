import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from classrooms.lockout import sign_in_unlock
from classrooms.models import Assignment, Classroom, TeacherInviteCode, User
from classrooms.privacy import student_data, student_data_delete, student_data_zip

PICK_ONE_STUDENT = _("Select exactly one student for a privacy request.")


def _one_student(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]
) -> User | None:
    students = list(queryset[:2])
    if len(students) != 1 or not students[0].is_student:
        model_admin.message_user(request, PICK_ONE_STUDENT, messages.ERROR)
        return None
    return students[0]


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
    actions = [
        "unlock_sign_in",
        "export_student_data",
        "export_student_data_with_images",
        "erase_student_data",
    ]

    @admin.action(description=_("Unlock sign-in (after too many wrong passwords)"))
    def unlock_sign_in(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            sign_in_unlock(username=user.username)
        self.message_user(
            request,
            _("%(count)s people can sign in again.") % {"count": len(queryset)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Privacy: export one student's data (JSON)"))
    def export_student_data(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        student = _one_student(self, request, queryset)
        if student is None:
            return None
        body = json.dumps(student_data(student=student), indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="student-{student.pk}.json"'
        return response

    @admin.action(description=_("Privacy: export one student's data with pictures (zip)"))
    def export_student_data_with_images(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        student = _one_student(self, request, queryset)
        if student is None:
            return None
        response = HttpResponse(student_data_zip(student=student), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="student-{student.pk}.zip"'
        return response

    @admin.action(
        description=_("Privacy: erase one student's data and account"), permissions=["delete"]
    )
    def erase_student_data(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        student = _one_student(self, request, queryset)
        if student is None:
            return None
        # Like Django's own delete action: the first POST shows a confirmation page,
        # the second (with "post") does it.
        if request.POST.get("post") == "yes":
            count = student_data_delete(student=student)
            self.message_user(
                request,
                _("The student's account, %(count)s pictures and their files were erased.")
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Erase this student's data?"),
            "opts": self.model._meta,
            "student": student,
            "generation_count": student.generations.count(),
            "classes": list(student.classrooms.all()),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/classrooms/user/erase_student_data.html", context)


@admin.register(TeacherInviteCode)
class TeacherInviteCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "note", "is_active", "created_at")
    list_filter = ("is_active",)


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ("title", "is_open", "due_at", "image_limit", "requires_approval")
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin):
    list_display = ("name", "join_code", "created_at")
    search_fields = ("name", "join_code")
    filter_horizontal = ("teachers", "students")
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("title", "classroom", "is_open", "due_at", "image_limit", "requires_approval")
    list_filter = ("is_open", "requires_approval")
    search_fields = ("title", "classroom__name")
