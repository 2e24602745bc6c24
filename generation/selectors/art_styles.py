"""The art styles a student may pick from, in the order an admin set."""

from django.db.models import QuerySet

from generation.models import ArtStyle


def active_art_styles() -> QuerySet[ArtStyle]:
    return ArtStyle.objects.filter(is_active=True).order_by("order", "name")
