from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from classrooms import access, messages, services
from classrooms.forms import JoinClassForm


@access.student_required
def classes(request: HttpRequest) -> HttpResponse:
    classrooms = request.user.classrooms.prefetch_related("teachers")  # type: ignore[union-attr]
    return render(request, "classrooms/student_classes.html",
                  {"classrooms": classrooms, "form": JoinClassForm()})


@access.student_required
@require_POST
def join(request: HttpRequest) -> HttpResponse:
    form = JoinClassForm(request.POST)
    if form.is_valid():
        try:
            classroom = services.classroom_join(
                student=request.user, join_code=form.cleaned_data["join_code"]  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error("join_code", error)
        else:
            flash.success(request, messages.JOINED_CLASS % {"name": classroom.name})
            return redirect("student_class", classroom_id=classroom.pk)
    classrooms = request.user.classrooms.all()  # type: ignore[union-attr]
    return render(request, "classrooms/student_classes.html",
                  {"classrooms": classrooms, "form": form}, status=400)


@access.student_required
def class_page(request: HttpRequest, classroom_id: int) -> HttpResponse:
    classroom = access.classroom_for_student(request.user, classroom_id)  # type: ignore[arg-type]
    assignments = classroom.assignments.all()
    return render(request, "classrooms/student_class.html",
                  {"classroom": classroom, "assignments": assignments})
