from django.contrib import messages as flash
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from classrooms import messages, services
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


def student_signup(request: HttpRequest) -> HttpResponse:
    form = StudentSignupForm(
        request.POST or None, initial={"join_code": request.GET.get("code", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            student = services.student_signup(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, student, backend=_BACKEND)
            return redirect("student_classes")
    status = 400 if request.method == "POST" else 200
    return render(request, "classrooms/student_signup.html", {"form": form}, status=status)


def teacher_signup(request: HttpRequest) -> HttpResponse:
    form = TeacherSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            teacher = services.teacher_signup(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, teacher, backend=_BACKEND)
            flash.success(request, messages.TEACHER_WELCOME)
            return redirect("teacher_dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "classrooms/teacher_signup.html", {"form": form}, status=status)
