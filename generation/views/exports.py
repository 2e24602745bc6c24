"""The class book page of an assignment, one export's progress page, its live fragment
and its file: for the teachers of the assignment's class only."""

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from classrooms.access import SignedInRequest, assignment_for_teacher, teacher_required
from generation import access
from generation.exports.forms import ExportForm
from generation.selectors.exports import assignment_exports
from generation.services.exports import export_start


@teacher_required
def class_book(request: SignedInRequest, assignment_id: int) -> HttpResponse:
    """Ask for a ZIP or a class book (POST), and the assignment's exports so far."""
    assignment = assignment_for_teacher(request.user, assignment_id)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = export_start(
                teacher=request.user,
                assignment=assignment,
                kind=form.cleaned_data["kind"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("teacher_export", export_id=export.pk)
    return render(
        request,
        "generation/class_book.html",
        {
            "assignment": assignment,
            "classroom": assignment.classroom,
            "form": form,
            "exports": assignment_exports(assignment=assignment)[:20],
        },
        status=400 if request.method == "POST" else 200,
    )


@teacher_required
def export_page(request: SignedInRequest, export_id: int) -> HttpResponse:
    export = access.export_for_teacher(request.user, export_id)
    return render(
        request,
        "generation/export.html",
        {"export": export, "assignment": export.assignment},
    )


@teacher_required
@require_GET
@never_cache
def export_status(request: SignedInRequest, export_id: int) -> HttpResponse:
    """The progress card the page polls until the file is ready or has failed."""
    export = access.export_for_teacher(request.user, export_id)
    return render(request, "generation/_export_status.html", {"export": export})


# A file is a streaming response, which the role decorator's type (HttpResponse) leaves out.
@teacher_required  # type: ignore[arg-type]
@require_GET
def export_file(request: SignedInRequest, export_id: int) -> FileResponse:
    export = access.export_for_teacher(request.user, export_id)
    name = export.file.name or ""
    if not export.is_ready or not default_storage.exists(name):
        raise Http404
    title = slugify(export.assignment.title) or "assignment"
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"edu4all-{title}-{export.pk}.{export.extension}",
    )
    # Children's names and pictures: private to the teacher, never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
