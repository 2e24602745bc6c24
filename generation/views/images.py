"""Pages and files for one generation, for anyone allowed to see it."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from classrooms.access import SignedInRequest
from generation import access
from generation.provenance.naming import download_filename
from generation.selectors.edits import edit_chain_for
from generation.selectors.review import decisions_for, preset_reasons_for
from generation.selectors.stopped import with_stopped_words
from generation.selectors.turn_ins import with_turn_in
from generation.services.review import decisions_mark_seen
from generation.views.turn_in import picture_turn_in_context


@login_required
def image_page(request: SignedInRequest, generation_id: int) -> HttpResponse:
    # One query: what this person may do here comes with the picture (viewer_teaches,
    # viewer_sees_details, and what was turned in), not from a query per question.
    generation = get_object_or_404(
        with_turn_in(access.generation_page_for(request.user, generation_id), viewer=request.user)
    )
    is_owner = generation.student_id == request.user.pk
    with_stopped_words([generation])
    review: dict[str, object] = {}
    if getattr(generation, "viewer_teaches", False):  # annotated by generation_page_for
        review = {
            "decisions": list(decisions_for(generation)),
            "presets": preset_reasons_for(request.user),
        }
    elif is_owner:
        decisions_mark_seen(generations=[generation])
    return render(
        request,
        "generation/image.html",
        {
            "generation": generation,
            "is_owner": is_owner,
            "chain": edit_chain_for(generation, request.user),
            **picture_turn_in_context(generation, is_owner=is_owner),
            **review,
        },
    )


@login_required
@require_GET
@never_cache
def status_fragment(request: SignedInRequest, generation_id: int) -> HttpResponse:
    """The live card polled by the page while a picture is on its way."""
    # Polled every 1.5 s by each card on its way, so it must stay one query for the row.
    generation = access.generation_status_card_for(request.user, generation_id)
    with_stopped_words([generation])  # no query unless a list blocked it
    return render(request, "generation/_generation_card.html", {"generation": generation})


@login_required
@require_GET
def image_file(request: SignedInRequest, generation_id: int, kind: str) -> FileResponse:
    if kind not in ("original", "thumb"):
        raise Http404
    generation = access.generation_for_viewer(request.user, generation_id)
    stored = generation.thumbnail if kind == "thumb" else generation.image
    name = stored.name or ""
    if not name or not default_storage.exists(name):
        raise Http404
    download = kind == "original" and request.GET.get("download") == "1"
    # The name says it was made with AI (or is the offline preview), as the file's own
    # signed manifest does.
    filename = download_filename(generation, name.rsplit(".", 1)[-1])
    response = FileResponse(
        default_storage.open(name, "rb"), as_attachment=download, filename=filename
    )
    # Private to the signed-in person; never kept by shared caches.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@require_GET
def partial_file(request: SignedInRequest, generation_id: int) -> FileResponse:
    """The picture so far, for the student whose picture is being drawn, and no one else."""
    generation = access.partial_for_owner(request.user, generation_id)
    name = generation.partial_image.name or ""
    try:
        opened = default_storage.open(name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc  # replaced or cleared a moment ago
    response = FileResponse(opened)
    # Replaced within seconds and deleted when the picture is done: kept nowhere.
    response["Cache-Control"] = "private, no-store"
    return response
