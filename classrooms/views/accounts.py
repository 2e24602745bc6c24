from django.contrib import messages as flash
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from classrooms import messages, services
from classrooms.forms import StudentSignupForm, TeacherSignupForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_teacher:  # type: ignore[union-attr]
        return redirect("teacher_dashboard")
    if user.is_student:  # type: ignore[union-attr]
        return redirect("student_classes")
    return redirect("admin:index")


def student_signup(request: HttpRequest) -> HttpResponse:
    form = StudentSignupForm(request.POST or None, initial={"join_code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            student = services.student_signup(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, student, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("student_classes")
    return render(request, "classrooms/student_signup.html", {"form": form})


def teacher_signup(request: HttpRequest) -> HttpResponse:
    form = TeacherSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            teacher = services.teacher_signup(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, teacher, backend="django.contrib.auth.backends.ModelBackend")
            flash.success(request, messages.TEACHER_WELCOME)
            return redirect("teacher_dashboard")
    return render(request, "classrooms/teacher_signup.html", {"form": form})
