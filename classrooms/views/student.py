from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from classrooms import access, lockout, messages, services
from classrooms.access import SignedInRequest
from classrooms.forms import JoinClassForm
from classrooms.views.accounts import too_many_tries


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
def join(request: SignedInRequest) -> HttpResponse:
    if request.method != "POST":
        # The form lives on the classes page; reloading its error page lands back there.
        return redirect("student_classes")
    form = JoinClassForm(request.POST)
    if form.is_valid():
        if lockout.join_code_refused(request):
            return too_many_tries(request)
        try:
            classroom, joined = services.classroom_join(
                student=request.user, join_code=form.cleaned_data["join_code"]
            )
        except ValidationError as error:
            lockout.join_code_failed(request)
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
