from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from classrooms.models import Assignment, Classroom, User
from generation import messages
from generation.capabilities import ORIENTATION_LABELS, QUALITY_LABELS, STYLE_LABELS
from generation.models import TURN_IN_CAPTION_MAX_LENGTH, DisallowedTerm, Generation
from generation.prompt_builder import (
    PART_EXAMPLES,
    PART_LABELS,
    PART_MAX_LENGTH,
    PART_NAMES,
    PART_TOO_LONG,
    compose_from_parts,
)
from generation.safety.categories import INFO as CATEGORY_INFO
from generation.safety.matching import blocks_something
from generation.selectors.art_styles import active_art_styles
from generation.services import (
    MAX_PICTURES_PER_REQUEST,
    allowed_options,
    form_token_new,
    prompt_length_limit,
)
from generation.services.comparison import LEAST_STYLES, MOST_STYLES

_LABELS = {"orientation": ORIENTATION_LABELS, "quality": QUALITY_LABELS, "style": STYLE_LABELS}
BUILDER_PREFIX = "builder_"  # the style *option* is "style"; the builder's part is not
BUILDER_FIELDS = tuple(BUILDER_PREFIX + name for name in PART_NAMES)
_FIELD_LABELS = {
    "orientation": _("Shape"),
    "quality": _("Detail"),
    "style": _("Style"),
}


class PromptForm(forms.Form):
    """The student's prompt and only the options this assignment allows.

    Every rendering carries a fresh one-time token (`new_token`, a hidden input in the
    template), including a form shown again with errors; the service checks the one sent
    (`sent_token`), so one filled-in form makes one request's pictures however often it
    is posted.
    """

    least_styles, most_styles = LEAST_STYLES, MOST_STYLES

    prompt = forms.CharField(
        label=_("Describe your picture"),
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                "placeholder": _(
                    "For example: the Eiffel Tower on the Moon, with astronauts having a picnic"
                ),
            }
        ),
        required=False,  # the service gives the kind message for an empty prompt
        strip=True,
    )

    def __init__(
        self,
        *args: Any,
        assignment: Assignment,
        student: User,
        remaining: int = 1,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.remaining = remaining
        self.new_token = form_token_new(student=student, assignment=assignment)
        self.sent_token = str(self.data.get("form_token", ""))
        self.prompt_limit = prompt_length_limit()
        self.fields["prompt"].widget.attrs["maxlength"] = self.prompt_limit
        for name, values in allowed_options(assignment).items():
            if len(values) > 1:
                self.fields[name] = forms.ChoiceField(
                    label=_FIELD_LABELS[name],
                    choices=[(value, _LABELS[name][value]) for value in values],
                    widget=forms.RadioSelect,
                    initial=values[0],
                    required=False,  # the first allowed value is the default
                    error_messages={"invalid_choice": messages.OPTION_NOT_ALLOWED},
                )

        # A choice prefilled from an earlier picture that this assignment no longer
        # offers falls back to the default rather than leaving nothing chosen.
        for name in _LABELS:
            field = self.fields.get(name)
            if name in self.initial and (
                field is None or self.initial[name] not in dict(field.choices)  # type: ignore[attr-defined]
            ):
                del self.initial[name]
        if assignment.prompt_builder:
            for name in PART_NAMES:
                self.fields[BUILDER_PREFIX + name] = forms.CharField(
                    label=PART_LABELS[name],
                    help_text=PART_EXAMPLES[name],
                    max_length=PART_MAX_LENGTH,
                    required=False,
                    widget=forms.TextInput(attrs={"data-builder-part": name}),
                    error_messages={"max_length": PART_TOO_LONG},
                )

        most = min(remaining, MAX_PICTURES_PER_REQUEST)
        if most > 1:
            # A number, not a choice: the service says plainly why a count is too many.
            self.fields["count"] = forms.IntegerField(
                label=_("How many pictures"),
                widget=forms.Select(choices=[(n, str(n)) for n in range(1, most + 1)]),
                initial=1,
                required=False,
                error_messages={"invalid": messages.OPTION_NOT_ALLOWED},
            )

        # The same idea in several styles: checkboxes in a fieldset of their own
        # (templates/generation/_art_styles_fieldset.html), offered only where they can
        # be used. The service checks the names sent.
        self.art_style_choices: list[tuple[str, str]] = []
        if assignment.style_comparison_allowed and remaining >= LEAST_STYLES:
            styles = [(style.name, gettext(style.name)) for style in active_art_styles()]
            if len(styles) >= LEAST_STYLES:
                self.art_style_choices = styles

    def art_styles(self) -> list[str]:
        """The art style names the post picked: raw, as for options."""
        getlist = getattr(self.data, "getlist", None)
        picked = getlist("art_styles") if getlist else self.data.get("art_styles", [])
        return [str(name) for name in ([picked] if isinstance(picked, str) else picked)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Without JavaScript the builder's parts arrive with an empty prompt: put them
        # together here by the same rule as the page's script. A typed prompt wins.
        if self.builder_fields() and not cleaned.get("prompt"):
            parts = {name: cleaned.get(BUILDER_PREFIX + name) or "" for name in PART_NAMES}
            cleaned["prompt"] = compose_from_parts(parts)
        return cleaned

    def builder_fields(self) -> list[forms.BoundField]:
        """The prompt builder's parts, for generation/_prompt_builder.html (none when off)."""
        return [self[name] for name in BUILDER_FIELDS if name in self.fields]

    def get_context(self) -> dict[str, Any]:
        # The builder's parts are drawn in their own fieldset, not by {{ form.as_p }}.
        context = super().get_context()
        fields = context["fields"]
        context["fields"] = [(bf, errors) for bf, errors in fields if bf.name not in BUILDER_FIELDS]
        return context

    def options(self) -> dict[str, str]:
        # Raw values, so the service (which decides) also sees options the form never offered.
        return {name: str(self.data[name]) for name in _LABELS if self.data.get(name)}

    def picture_count(self) -> int:
        """How many pictures the post asks for, also when the form offered no choice.

        Never quietly fewer: the service refuses a count that is more than remain (or
        more than one request may ask for) and says why. Not a number reads as 0, which
        the service refuses too.
        """
        # The raw value when no choice was shown: a post may still ask for more.
        source = self.cleaned_data if "count" in self.fields else self.data
        value = source.get("count")
        if value in (None, ""):
            return 1
        try:
            return int(value)
        except (TypeError, ValueError):
            return 0


def reuse_initial(source: Generation | None) -> dict[str, str]:
    """What the prompt form starts with when a student reuses one of their pictures:
    its prompt and options (the form drops options the assignment no longer offers)."""
    if source is None:
        return {}
    options = {name: str(value) for name, value in source.options.items() if name in _LABELS}
    return {"prompt": source.prompt, **options}


TERM_MAX_LENGTH = DisallowedTerm._meta.get_field("term").max_length


class ClassTermForm(forms.Form):
    term = forms.CharField(
        label=_("Word or phrase to block in this class"),
        max_length=TERM_MAX_LENGTH,
        error_messages={
            "required": messages.CLASS_TERM_EMPTY,
            "max_length": messages.CLASS_TERM_TOO_LONG,
        },
    )

    def clean_term(self) -> str:
        term: str = self.cleaned_data["term"]
        if not blocks_something(term):
            raise forms.ValidationError(messages.TERM_BLOCKS_NOTHING, code="blocks_nothing")
        return term


class RemoveClassTermForm(forms.Form):
    """Only this class's own terms are choices, so another list's term is never removed."""

    term = forms.ModelChoiceField(queryset=DisallowedTerm.objects.none())

    def __init__(self, *args: Any, classroom: Classroom, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = DisallowedTerm.objects.filter(  # type: ignore[attr-defined]
            classroom=classroom
        )


class ClassCategoryForm(forms.Form):
    """A teacher switches a default list on for their class, or off again."""

    category = forms.ChoiceField(choices=[(info.slug, info.label) for info in CATEGORY_INFO])
    on = forms.BooleanField(required=False)


class EditForm(forms.Form):
    """What should change in the painted area of one of the student's pictures.

    The painted area itself comes from the painter (generation/_painter.html) as the
    hidden `painted_area`; the service turns it into the mask.
    """

    instruction = forms.CharField(
        label=_("What should change in the painted part?"),
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("For example: add a red party hat")}
        ),
        required=False,  # the service gives the kind message for an empty one
        strip=True,
    )
    keeps_outside = forms.BooleanField(
        label=_("Keep everything outside the painted part exactly as it is"),
        required=False,
        initial=True,
    )
    painted_area = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, assignment: Assignment, student: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.new_token = form_token_new(student=student, assignment=assignment)
        self.sent_token = str(self.data.get("form_token", ""))


class TurnInForm(forms.Form):
    """The caption a student writes when turning a picture in (the service decides the
    rules, with its kind messages; templates/generation/_turn_in_form.html draws it)."""

    caption = forms.CharField(
        label=_("Why I chose it"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TURN_IN_CAPTION_MAX_LENGTH}),
    )


class UsageReportForm(forms.Form):
    """The usage report's filters (GET): a date range, a class, a teacher."""

    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To (this day included)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    classroom = forms.ModelChoiceField(
        label=_("Class"),
        queryset=Classroom.objects.order_by("name", "pk"),
        required=False,
        empty_label=_("All classes"),
    )
    teacher = forms.ModelChoiceField(
        label=_("Teacher"),
        queryset=User.objects.filter(role=User.Role.TEACHER).order_by("username"),
        required=False,
        empty_label=_("All teachers"),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError(messages.USAGE_RANGE_BACKWARDS, code="range")
        return cleaned
