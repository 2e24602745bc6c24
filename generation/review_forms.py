"""The forms of a teacher's review: one decision, a page at once, the queue's filters,
the teacher's preset reasons and extra pictures for one student."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from classrooms.access import teaching
from classrooms.models import Assignment, Classroom, User

# Most pictures one "approve" post may name: a page is PICTURES_PER_PAGE, with room for
# the pictures the live queue added to it.
MOST_PICTURES_AT_ONCE = 200
PRESET_REASONS_MOST = 20
EXTRA_PICTURES_MOST = 50


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    reason = forms.CharField(label=_("Reason the student will see"), required=False, max_length=500)
    # A preset reason picked without JavaScript (with it, picking fills in the reason).
    preset = forms.CharField(required=False, max_length=500)
    give_try_back = forms.BooleanField(required=False)
    # The status the teacher's page showed: a decision about a picture that someone else
    # decided meanwhile is refused, not stacked on top.
    expected = forms.CharField(required=False, max_length=20)

    def reason_given(self) -> str:
        return (self.cleaned_data["reason"] or self.cleaned_data["preset"]).strip()


def _is_an_id(value: object) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) < 19


class ApproveManyForm(forms.Form):
    """Ticked pictures, or every picture on the page (the cards' hidden `on_page`)."""

    picked = forms.TypedMultipleChoiceField(coerce=int, required=False)
    on_page = forms.TypedMultipleChoiceField(coerce=int, required=False)
    scope = forms.ChoiceField(choices=[("picked", "picked"), ("page", "page")])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any whole number is a choice; the view keeps only the teacher's own pictures.
        for name in ("picked", "on_page"):
            self.fields[name].valid_value = _is_an_id  # type: ignore[attr-defined]

    def generation_ids(self) -> list[int]:
        name = "picked" if self.cleaned_data["scope"] == "picked" else "on_page"
        return list(dict.fromkeys(self.cleaned_data[name]))[:MOST_PICTURES_AT_ONCE]


class QueueFilterForm(forms.Form):
    """Class, assignment and student, offering only the teacher's own classes; an id from
    anyone else's class is not a valid choice."""

    classroom = forms.ModelChoiceField(
        label=_("Class"), queryset=Classroom.objects.none(), required=False, empty_label=_("All")
    )
    assignment = forms.ModelChoiceField(
        label=_("Assignment"),
        queryset=Assignment.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    student = forms.ModelChoiceField(
        label=_("Student"), queryset=User.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, teacher: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        classes = Classroom.objects.filter(teaching(teacher))
        self.fields["classroom"].queryset = classes  # type: ignore[attr-defined]
        self.fields["assignment"].queryset = (  # type: ignore[attr-defined]
            Assignment.objects.filter(teaching(teacher, "classroom"))
            .select_related("classroom")
            .order_by("classroom__name", "-created_at")
        )
        self.fields["assignment"].label_from_instance = (  # type: ignore[attr-defined]
            lambda assignment: f"{assignment.classroom} · {assignment}"
        )
        self.fields["student"].queryset = _students_of(classes)  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if value is not None}


def _students_of(classes: QuerySet[Classroom]) -> QuerySet[User]:
    return User.objects.filter(classrooms__in=classes).distinct().order_by("first_name", "username")


class PresetReasonsForm(forms.Form):
    reasons = forms.CharField(
        label=_("Your reasons, one on each line"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Leave it empty to start again from the suggested reasons."),
    )

    def texts(self) -> list[str]:
        lines = (line.strip() for line in self.cleaned_data["reasons"].splitlines())
        return [line[:500] for line in lines if line][:PRESET_REASONS_MOST]


class ExtraPicturesForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Student"), queryset=User.objects.none())
    count = forms.IntegerField(
        label=_("Extra pictures"),
        min_value=0,
        max_value=EXTRA_PICTURES_MOST,
        help_text=_("On top of the assignment's limit, for this student only. 0 takes them away."),
    )

    def __init__(self, *args: Any, assignment: Assignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = assignment.classroom.students.order_by(  # type: ignore[attr-defined]
            "first_name", "username"
        )
