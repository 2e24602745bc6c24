"""What our admin pages add to Django's admin so that every field has a name (WCAG 1.3.1,
4.1.2): a checkbox edited in a list row, the two boxes of a date and time, and a list
filter's link for a blank value."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext


class LabelledFieldsMixin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Names for the inputs Django's admin leaves without a label."""

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[forms.ModelForm]:  # type: ignore[type-arg]
        base = super().get_changelist_form(request, **kwargs)

        class LabelledRowForm(base):  # type: ignore[valid-type,misc]
            """Each editable cell is named by its column and its row: "is active: swords"."""

            def __init__(self, *args: Any, **form_kwargs: Any) -> None:
                super().__init__(*args, **form_kwargs)
                for field in self.fields.values():
                    field.widget.attrs["aria-label"] = f"{field.label}: {self.instance}"

        return LabelledRowForm

    def formfield_for_dbfield(
        self,
        db_field: models.Field,  # type: ignore[type-arg]
        request: HttpRequest,
        **kwargs: Any,
    ) -> forms.Field | None:
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(field.widget, forms.SplitDateTimeWidget):
            # Django writes "Date:" and "Time:" beside the boxes as plain text, no label.
            date, time = field.widget.widgets
            date.attrs["aria-label"] = f"{field.label}: {gettext('Date:').rstrip(':')}"
            time.attrs["aria-label"] = f"{field.label}: {gettext('Time:').rstrip(':')}"
        return field


class NamedValuesFilter(admin.AllValuesFieldListFilter):
    """Django's filter by every value of a field, with the blank value's link named like the
    admin's empty cells, not left as a link with no text."""

    def choices(self, changelist: Any) -> Any:
        for choice in super().choices(changelist):
            if choice["display"] == "":
                choice = {**choice, "display": self.empty_value_display}
            yield choice
