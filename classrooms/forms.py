from django import forms
from django.utils.translation import gettext_lazy as _

from classrooms.models import Assignment, Classroom
from generation.capabilities import orientation_choices, quality_choices, style_choices


class StudentSignupForm(forms.Form):
    join_code = forms.CharField(label=_("Class code from your teacher"), max_length=12)
    username = forms.CharField(label=_("Choose a username"), max_length=40)
    display_name = forms.CharField(label=_("Your first name"), max_length=80, required=False)
    password = forms.CharField(label=_("Choose a password"), widget=forms.PasswordInput)


class TeacherSignupForm(forms.Form):
    invite_code = forms.CharField(label=_("School invite code"), max_length=40)
    username = forms.CharField(label=_("Username"), max_length=40)
    display_name = forms.CharField(label=_("Name students see"), max_length=80, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput)


class JoinClassForm(forms.Form):
    join_code = forms.CharField(label=_("Class code"), max_length=12)


class ClassroomForm(forms.ModelForm):
    class Meta:
        model = Classroom
        fields = ["name"]


class AddStudentForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=40)
    display_name = forms.CharField(label=_("First name"), max_length=80, required=False)


class AssignmentForm(forms.ModelForm):
    """Only offers the image options the active model supports."""

    allowed_orientations = forms.MultipleChoiceField(
        label=_("Picture shapes students may choose"),
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    allowed_qualities = forms.MultipleChoiceField(
        label=_("Detail levels students may choose"),
        widget=forms.CheckboxSelectMultiple, required=False,
    )
    allowed_styles = forms.MultipleChoiceField(
        label=_("Styles students may choose"),
        widget=forms.CheckboxSelectMultiple, required=False,
    )

    class Meta:
        model = Assignment
        fields = [
            "title", "instructions", "due_at", "image_limit", "requires_approval",
            "allowed_orientations", "allowed_qualities", "allowed_styles",
        ]
        widgets = {
            "due_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "instructions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["allowed_orientations"].choices = orientation_choices()
        self.fields["allowed_qualities"].choices = quality_choices()
        self.fields["allowed_styles"].choices = style_choices()
        self.fields["image_limit"].min_value = 1
        self.fields["image_limit"].widget.attrs["min"] = 1
        for name in ("allowed_qualities", "allowed_styles"):
            if not self.fields[name].choices:
                del self.fields[name]
        if not self.instance.pk:
            # New assignments: every shape, and the model's first detail level and style.
            self.initial.setdefault("allowed_orientations", [c for c, _ in orientation_choices()])
            if "allowed_qualities" in self.fields:
                self.initial.setdefault("allowed_qualities", [quality_choices()[0][0]])
            if "allowed_styles" in self.fields:
                self.initial.setdefault("allowed_styles", [c for c, _ in style_choices()])
