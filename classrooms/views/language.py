"""The language switcher's form, on every page."""

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from classrooms.language import user_language_save
from classrooms.models import User


@require_POST
def language_choose(request: HttpRequest) -> HttpResponse:
    """The switcher's form: Django's set_language (cookie, redirect back), and for a
    signed-in person the choice saved on their account."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if isinstance(request.user, User) and translation.check_for_language(language):
        user_language_save(user=request.user, language=language)
    return response
