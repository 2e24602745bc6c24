"""The admin's usage report: pictures by class and status with their estimated cost, for
a date range, a class or a teacher, on the page or as a CSV download. Staff only."""

import csv
from datetime import date, datetime, time, timedelta

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from generation.forms import UsageReportForm
from generation.selectors.budgets import start_of_month
from generation.selectors.usage import UsageFilters, usage_csv_rows, usage_report

PAGE_TITLE = _("Usage report")
# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file that hands back what is written, for streaming csv.writer's lines."""

    def write(self, value: str) -> str:
        return value


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filters(form: UsageReportForm) -> UsageFilters:
    """What the form says, the first of this month to today when it says no dates."""
    today = timezone.localdate()
    data = form.cleaned_data if form.is_valid() else {}
    start = data.get("start") or start_of_month(timezone.now()).date()
    end = data.get("end") or today
    return UsageFilters(
        start=_day_start(start),
        end=_day_start(end + timedelta(days=1)),
        classroom=data.get("classroom"),
        teacher=data.get("teacher"),
    )


@staff_member_required
@require_GET
def usage_report_page(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form = UsageReportForm(request.GET or None)
    filters = _filters(form)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "admin/generation/usage_report.html",
            {**admin.site.each_context(request), "title": PAGE_TITLE, "form": form},
            status=400,
        )
    if request.GET.get("format") == "csv":
        return _csv(filters)
    return render(
        request,
        "admin/generation/usage_report.html",
        {
            **admin.site.each_context(request),
            "title": PAGE_TITLE,
            "form": form,
            "filters": filters,
            "last_day": (filters.end - timedelta(days=1)).date(),
            "report": usage_report(filters),
            "csv_query": _csv_query(request),
        },
    )


def _csv_query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()


def _csv(filters: UsageFilters) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    lines = (writer.writerow([_safe_cell(cell) for cell in row]) for row in usage_csv_rows(filters))
    last_day = (filters.end - timedelta(days=1)).date()
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="edu4all-usage-{filters.start.date()}-to-{last_day}.csv"'
    )
    return response
