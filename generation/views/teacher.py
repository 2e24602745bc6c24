from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from classrooms.access import SignedInRequest, teacher_required
from generation import access, messages
from generation.forms import ReviewForm
from generation.selectors import PICTURES_PER_PAGE, review_queue_for
from generation.services import image_review


@teacher_required
def review_queue(request: SignedInRequest) -> HttpResponse:
    queue = review_queue_for(request.user)
    page = Paginator(queue, PICTURES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "generation/review_queue.html", {"generations": page})


@teacher_required
@require_POST
def review(request: SignedInRequest, generation_id: int) -> HttpResponse:
    generation = access.generation_for_reviewer(request.user, generation_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        flash.error(request, messages.REVIEW_REASON_NEEDED)
    else:
        approve = form.cleaned_data["decision"] == "approve"
        try:
            image_review(
                generation=generation,
                teacher=request.user,
                approve=approve,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            flash.error(request, " ".join(error.messages))
        else:
            flash.success(
                request, messages.REVIEW_APPROVED if approve else messages.REVIEW_REJECTED
            )
    next_url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return redirect(next_url)
    return redirect("review_queue")
