"""The classroom forms on their own."""

from classrooms.forms import AssignmentForm
from classrooms.models import Assignment


def test_assignment_form_offers_only_the_picture_options_it_is_given(
    assignment: Assignment,
) -> None:
    form = AssignmentForm(
        instance=Assignment(classroom=assignment.classroom),
        picture_options={
            "allowed_orientations": [("square", "Square"), ("portrait", "Tall")],
            "allowed_qualities": [],
        },
    )

    assert "allowed_qualities" not in form.fields
    assert "allowed_styles" not in form.fields
    shapes = form.fields["allowed_orientations"]
    assert [value for value, _ in shapes.choices] == ["square", "portrait"]  # type: ignore[attr-defined]
    # A new assignment starts with every shape it is offered.
    assert form.initial["allowed_orientations"] == ["square", "portrait"]
