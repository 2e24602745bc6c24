from typing import Any

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from classrooms import lockout, messages, services
from classrooms.access import SignedInRequest
from classrooms.forms import StudentSignupForm, TeacherSignupForm

_BACKEND = "django.contrib.auth.backends.ModelBackend"


@login_required
def home(request: SignedInRequest) -> HttpResponse:
    if request.user.is_teacher:
        return redirect("teacher_dashboard")
    if request.user.is_student:
        return redirect("student_classes")
    return redirect("admin:index")


def too_many_tries(request: HttpRequest) -> HttpResponse:
    """The page for a sign-in or a join code refused by a guessing limit."""
    message = messages.TOO_MANY_TRIES % {"minutes": settings.LOCKOUT_MINUTES}
    return render(request, "registration/locked_out.html", {"message": message}, status=429)


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE, for /accounts/login/ and /admin/login/ alike."""
    return too_many_tries(request)


def student_signup(request: HttpRequest) -> HttpResponse:
    form = StudentSignupForm(
        request.POST or None, initial={"join_code": request.GET.get("code", "")}
    )
    if request.method == "POST" and form.is_valid():
        if lockout.join_code_refused(request):
            return too_many_tries(request)
        try:
            student = services.student_signup(**form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) == "join_code":
                lockout.join_code_failed(request)
            form.add_error(None, error)
        else:
            login(request, student, backend=_BACKEND)
            return redirect("student_classes")
    status = 400 if request.method == "POST" else 200
    return render(request, "classrooms/student_signup.html", {"form": form}, status=status)


def teacher_signup(request: HttpRequest) -> HttpResponse:
    form = TeacherSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Invite codes are guessed like join codes, and a teacher account is worth more.
        if lockout.join_code_refused(request):
            return too_many_tries(request)
        try:
            teacher = services.teacher_signup(**form.cleaned_data)
        except ValidationError as error:
            if getattr(error, "code", None) == "invite_code":
                lockout.join_code_failed(request)
            form.add_error(None, error)
        else:
            login(request, teacher, backend=_BACKEND)
            flash.success(request, messages.TEACHER_WELCOME)
            return redirect("teacher_dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "classrooms/teacher_signup.html", {"form": form}, status=status)
