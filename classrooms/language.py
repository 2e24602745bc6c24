"""The language a person reads the site in: their saved choice when signed in, else the
browser's (Django's LocaleMiddleware), and the switcher that saves it."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from classrooms.models import User


def user_language(user: object) -> str:
    """The language a signed-in person chose, or "" (then the browser's is used)."""
    if isinstance(user, User) and user.language and translation.check_for_language(user.language):
        return user.language
    return ""


def user_language_save(*, user: User, language: str) -> bool:
    """Remember a person's choice for their next visit; False for a language we lack."""
    if language not in dict(settings.LANGUAGES):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True


class UserLanguageMiddleware:
    """After authentication: a signed-in person's saved language wins over the browser's.

    The language cookie follows the saved choice, so the sign-in page after signing out
    (and a shared computer's next visit) stays in the language last chosen.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = user_language(getattr(request, "user", None))
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        language = user_language(getattr(request, "user", None)) or language
        cookie = settings.LANGUAGE_COOKIE_NAME
        if language and request.COOKIES.get(cookie) != language and cookie not in response.cookies:
            response.set_cookie(
                cookie,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # a str setting
            )
        return response


def use_saved_language_on_sign_in(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    """The rest of the sign-in request (its welcome message) speaks the saved language."""
    language = user_language(user)
    if language and request is not None:
        translation.activate(language)
        request.LANGUAGE_CODE = language
