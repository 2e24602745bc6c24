"""The site's URLs plus a view that fails and one that gets a bad request, for the 500
and 400 pages' tests."""

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from edu4all.urls import urlpatterns as site_urlpatterns


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug the child must never see: Traceback secret_key=abc")


def bad_request_view(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a request no browser of ours would send")


urlpatterns = [
    path("broken/", broken_view),
    path("bad-request/", bad_request_view),
    *site_urlpatterns,
]
