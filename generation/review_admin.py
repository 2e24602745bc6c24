"""The review's trail in the admin: read only, written by the review service."""

from django.contrib import admin

from generation.admin import ReadOnlyAdmin
from generation.models import ReviewDecision


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdmin):
    """Every teacher's decision about a picture and every change of one (issue 14)."""

    list_display = ("created_at", "teacher", "generation", "from_status", "to_status", "reason")
    list_filter = ("to_status", "gave_try_back", "generation__assignment__classroom")
    list_select_related = ("teacher", "generation__student")
    search_fields = ("reason", "teacher__username", "generation__student__username")
    date_hierarchy = "created_at"
