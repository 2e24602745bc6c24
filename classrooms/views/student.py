from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from classrooms import access, messages, services
from classrooms.access import SignedInRequest
from classrooms.forms import JoinClassForm


@access.student_required
def classes(request: SignedInRequest) -> HttpResponse:
    return _render_classes(request, JoinClassForm())


def _render_classes(
    request: SignedInRequest, form: JoinClassForm, status: int = 200
) -> HttpResponse:
    classrooms = request.user.classrooms.prefetch_related("teachers")
    return render(
        request,
        "classrooms/student_classes.html",
        {"classrooms": classrooms, "form": form},
        status=status,
    )


@access.student_required
@require_POST
def join(request: SignedInRequest) -> HttpResponse:
    form = JoinClassForm(request.POST)
    if form.is_valid():
        try:
            classroom, joined = services.classroom_join(
                student=request.user, join_code=form.cleaned_data["join_code"]
            )
        except ValidationError as error:
            form.add_error("join_code", error)
        else:
            message = messages.JOINED_CLASS if joined else messages.ALREADY_IN_CLASS
            flash.success(request, message % {"name": classroom.name})
            return redirect("student_class", classroom_id=classroom.pk)
    return _render_classes(request, form, status=400)


@access.student_required
def class_page(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_student(request.user, classroom_id)
    return render(
        request,
        "classrooms/student_class.html",
        {"classroom": classroom, "assignments": classroom.assignments.all()},
    )
