"""What goes into an export is read in one query, however big the class."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from classrooms.models import Assignment, User
from generation.models import Generation
from generation.selectors.exports import export_pictures, first_name_of
from tests.generation.exports.conftest import turned_in
from tests.support.factories import GenerationFactory


def pictures_of_a_class(assignment: Assignment, count: int) -> None:
    for number in range(count):
        student = User.objects.create_user(
            username=f"s{count}-{number}", role=User.Role.STUDENT, first_name=f"Kid {number}"
        )
        picture = GenerationFactory(
            student=student, assignment=assignment, approved=True, image=f"p/{count}-{number}.png"
        )
        turned_in(picture, "Mine")


@pytest.mark.parametrize("source", ["approved", "turned_in"])
def test_the_pictures_of_an_export_are_one_query_for_5_or_50(
    assignment: Assignment, source: str
) -> None:
    counts = []
    for count in (5, 50):
        Generation.objects.all().delete()
        pictures_of_a_class(assignment, count)
        with CaptureQueriesContext(connection) as queries:
            pictures = export_pictures(assignment=assignment, source=source)
        assert len(pictures) == count and all(p.caption == "Mine" for p in pictures)
        counts.append(len(queries))
    assert counts == [1, 1]


def test_only_a_first_name_leaves_the_site(db: None) -> None:
    assert (
        first_name_of(User(username="x", first_name="María José", last_name="Núñez"))
        == "María José"
    )
    assert first_name_of(User(username="x", display_name="Leo Smith")) == "Leo"
    assert first_name_of(User(username="leo_s")) == "leo_s"
