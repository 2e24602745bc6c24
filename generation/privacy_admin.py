"""The privacy actions on the admin's user list: export or erase one student's data,
pictures included. classrooms/admin.py holds the user admin itself; generation adds these
(from GenerationConfig.ready) because only it knows the pictures."""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from classrooms.admin import UserAdmin as ClassroomsUserAdmin
from classrooms.models import User
from generation.privacy import student_data, student_data_delete, student_data_zip

PICK_ONE_STUDENT = _("Select exactly one student for a privacy request.")


def _one_student(
    model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[User]
) -> User | None:
    students = list(queryset[:2])
    if len(students) != 1 or not students[0].is_student:
        model_admin.message_user(request, PICK_ONE_STUDENT, messages.ERROR)
        return None
    return students[0]


class UserAdmin(ClassroomsUserAdmin):
    actions = [
        *ClassroomsUserAdmin.actions,
        "export_student_data",
        "export_student_data_with_images",
        "erase_student_data",
    ]

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


def register() -> None:
    """Put the user admin with these actions in place of classrooms' own."""
    if admin.site.is_registered(User):
        admin.site.unregister(User)
    admin.site.register(User, UserAdmin)
