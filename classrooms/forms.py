from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from classrooms import messages
from classrooms.models import Assignment, Classroom, SchoolSettings, validate_due_at
from classrooms.passwords import password_help_text

# How many pictures a teacher may ask each student to turn in (0: none).
TURN_IN_LIMITS = range(0, 11)


class StudentSignupForm(forms.Form):
    join_code = forms.CharField(label=_("Class code from your teacher"), max_length=12)
    username = forms.CharField(label=_("Choose a username"), max_length=40)
    display_name = forms.CharField(label=_("Your first name"), max_length=80, required=False)
    password = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput, help_text=password_help_text()
    )


class TeacherSignupForm(forms.Form):
    invite_code = forms.CharField(label=_("School invite code"), max_length=40)
    username = forms.CharField(label=_("Username"), max_length=40)
    display_name = forms.CharField(label=_("Name students see"), max_length=80, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput, help_text=password_help_text()
    )


class JoinClassForm(forms.Form):
    join_code = forms.CharField(label=_("Class code"), max_length=12)


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name"]


class AddStudentForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=40)
    display_name = forms.CharField(label=_("First name"), max_length=80, required=False)


class AddStudentsForm(forms.Form):
    """A pasted list or a CSV file (either, or both: the file's lines come after)."""

    names = forms.CharField(
        label=_("Names, one on each line"),
        help_text=_("Write a username after a comma if you want to choose it: Ana Pérez, ana_p"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )
    csv_file = forms.FileField(
        label=_("Or a CSV file (name, username)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    # A class list is a few kilobytes; anything bigger is the wrong file.
    MAX_FILE_BYTES = 64 * 1024

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("names", "") or ""
        upload = cleaned.get("csv_file")
        if upload is not None:
            unreadable = forms.ValidationError(messages.ROSTER_CSV_UNREADABLE, code="roster_csv")
            if upload.size > self.MAX_FILE_BYTES:
                raise unreadable
            try:
                content = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise unreadable from error
            text = f"{text}\n{content}" if text.strip() else content
        cleaned["text"] = text
        return cleaned


class CoTeacherForm(forms.Form):
    username = forms.CharField(label=_("Teacher's username"), max_length=150)


# (value, label) pairs for each of allowed_orientations, allowed_qualities, allowed_styles.
PictureOptions = Mapping[str, Sequence[tuple[str, str]]]


class AssignmentForm(forms.ModelForm):
    """Offers only the picture options it is given: the caller knows which the active
    model supports (classrooms knows nothing of models). An option missing or empty is
    not offered at all."""

    # Declared here, without the range validators a model field brings, so a number out
    # of range gets the one kind message (clean_turn_in_limit).
    turn_in_limit = forms.IntegerField(
        label=_("Pictures each student turns in"),
        help_text=_("0 means students do not turn pictures in."),
        required=False,
        widget=forms.NumberInput(
            attrs={"min": TURN_IN_LIMITS.start, "max": TURN_IN_LIMITS.stop - 1}
        ),
    )
    allowed_orientations = forms.MultipleChoiceField(
        label=_("Picture shapes students may choose"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    allowed_qualities = forms.MultipleChoiceField(
        label=_("Detail levels students may choose"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    allowed_styles = forms.MultipleChoiceField(
        label=_("Styles students may choose"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Assignment
        fields = [
            "title",
            "instructions",
            "due_at",
            "image_limit",
            "requires_approval",
            "editing_allowed",
            "turn_in_limit",
            "allowed_orientations",
            "allowed_qualities",
            "allowed_styles",
            "prompt_builder",
            "style_comparison_allowed",
        ]
        widgets = {
            "due_at": forms.DateTimeInput(
                attrs={
                    "type": "datetime-local",
                    "min": "2000-01-01T00:00",
                    "max": "2099-12-31T23:59",
                }
            ),
            "instructions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "prompt_builder": _(
                "Students fill in six short parts (who, doing what, where, ...) that are "
                "put together into their prompt."
            ),
        }

    def __init__(self, *args: Any, picture_options: PictureOptions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = {
            name: list(picture_options.get(name, ()))
            for name in ("allowed_orientations", "allowed_qualities", "allowed_styles")
        }
        # New assignments start with every shape, the first detail level and every style.
        defaults = {
            "allowed_orientations": [value for value, _ in offered["allowed_orientations"]],
            "allowed_qualities": [value for value, _ in offered["allowed_qualities"][:1]],
            "allowed_styles": [value for value, _ in offered["allowed_styles"]],
        }
        for name, choices in offered.items():
            if not choices:  # nothing to offer: no field at all
                del self.fields[name]
                continue
            field = cast(forms.MultipleChoiceField, self.fields[name])
            field.choices = choices
            if not self.instance.pk and not self.initial.get(name):
                self.initial[name] = defaults[name]
        self.most_images = SchoolSettings.load().max_images_per_student
        self.fields["image_limit"].widget.attrs.update(min=1, max=self.most_images)

    def clean_due_at(self) -> Any:
        value = self.cleaned_data.get("due_at")
        # A date already passed is refused when it is typed, not when an old assignment
        # that has passed its date is saved again.
        if value is None:
            return value
        validate_due_at(value)  # a year far off says so first, whatever the date
        stored = self.instance.due_at
        # The form shows minutes, so the stored date comes back without its seconds.
        unchanged = stored is not None and abs(value - stored) < timedelta(minutes=1)
        if not unchanged and value < timezone.now():
            raise forms.ValidationError(messages.DUE_DATE_IN_PAST, code="due_at_past")
        return value

    def clean_image_limit(self) -> Any:
        value = self.cleaned_data.get("image_limit")
        if value is not None and value > self.most_images:
            raise forms.ValidationError(
                messages.IMAGE_LIMIT_TOO_HIGH,
                code="image_limit_too_high",
                params={"most": self.most_images},
            )
        return value

    def _clean_option_group(self, name: str) -> list[str]:
        value: list[str] = self.cleaned_data.get(name) or []
        if not value:
            raise forms.ValidationError(messages.OPTION_GROUP_EMPTY, code="option_group_empty")
        return value

    def clean_allowed_orientations(self) -> list[str]:
        return self._clean_option_group("allowed_orientations")

    def clean_allowed_qualities(self) -> list[str]:
        return self._clean_option_group("allowed_qualities")

    def clean_allowed_styles(self) -> list[str]:
        return self._clean_option_group("allowed_styles")

    def clean_turn_in_limit(self) -> int:
        value: int | None = self.cleaned_data.get("turn_in_limit")
        if value is None:  # left empty: what it was (a new assignment: the default)
            return self.instance.turn_in_limit
        if value not in TURN_IN_LIMITS:
            raise forms.ValidationError(
                messages.TURN_IN_LIMIT_OUT_OF_RANGE,
                code="turn_in_limit_range",
                params={"first": TURN_IN_LIMITS.start, "last": TURN_IN_LIMITS.stop - 1},
            )
        return value
