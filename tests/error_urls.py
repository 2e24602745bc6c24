"""The site's URLs plus one view that fails, for the 500 page's test."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from edu4all.urls import urlpatterns as site_urlpatterns


def broken_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug the child must never see: Traceback secret_key=abc")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
