"""The class right now: its teachers' live page, the fragment it polls, and the switch
that pauses and resumes the class (no new pictures while paused)."""

from django.contrib import messages as flash
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from classrooms.access import SignedInRequest, classroom_for_teacher, teacher_required
from generation import messages
from generation.selectors.live_class import WORKING_WINDOW, live_class

# How often the page asks for the fragment again (static/js/live-class.js reads it).
POLL_SECONDS = 5


def _context(request: SignedInRequest, classroom_id: int) -> dict[str, object]:
    classroom = classroom_for_teacher(request.user, classroom_id)
    return {
        "classroom": classroom,
        "live": live_class(classroom=classroom, now=timezone.now()),
        "working_minutes": int(WORKING_WINDOW.total_seconds() // 60),
        "poll_seconds": POLL_SECONDS,
    }


@teacher_required
@require_GET
@never_cache
def live_page(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    return render(request, "generation/teacher_live.html", _context(request, classroom_id))


@teacher_required
@require_GET
@never_cache
def live_fragment(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    """Polled by the live page: the class access query, then one query for the class."""
    return render(request, "generation/_live_class.html", _context(request, classroom_id))


@teacher_required
@require_POST
def pause(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, classroom_id)
    # A class a co-teacher paused a moment ago stays as it is: the message is the same.
    classroom.pause(by=request.user)
    flash.success(request, messages.CLASS_PAUSED_FOR_TEACHER)
    return redirect("teacher_class_live", classroom_id=classroom.pk)


@teacher_required
@require_POST
def resume(request: SignedInRequest, classroom_id: int) -> HttpResponse:
    classroom = classroom_for_teacher(request.user, classroom_id)
    classroom.resume()
    flash.success(request, messages.CLASS_RESUMED)
    return redirect("teacher_class_live", classroom_id=classroom.pk)
