"""The admin's "Check the image provider" page: the same check as `manage.py check_provider`."""

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from generation.diagnosis import provider_check, provider_quota, provider_target

PAGE_TITLE = _("Check the image provider")


@staff_member_required
@require_http_methods(["GET", "POST"])
def check_provider(request: HttpRequest) -> HttpResponse:
    # An unknown IMAGE_PROVIDER still gets the page: the check says what to set it to.
    if request.method == "POST":
        # Only the free check: a real picture can take longer than a web worker may wait,
        # so that one stays with `manage.py check_provider --generate`.
        verdict = provider_check()
        level = messages.SUCCESS if verdict.ok else messages.ERROR
        messages.add_message(request, level, str(verdict))
        return redirect("admin_check_provider")
    return render(
        request,
        "admin/check_provider.html",
        {
            **admin.site.each_context(request),
            "title": PAGE_TITLE,
            "target": provider_target(),
            "quota": provider_quota(),
        },
    )
