"""What a teacher picks when asking for an export: which file, and which pictures."""

from django import forms
from django.utils.translation import gettext_lazy as _

from generation.exports.models import ExportKind, ExportSource


class ExportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to make"),
        choices=ExportKind.choices,
        initial=ExportKind.BOOK,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(
        label=_("Which pictures"),
        choices=ExportSource.choices,
        initial=ExportSource.APPROVED,
        widget=forms.RadioSelect,
    )
