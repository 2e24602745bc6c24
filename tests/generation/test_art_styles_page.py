"""The same idea in several styles, on the pages: the teacher's switch, the student's
checkboxes, the pictures of one comparison side by side, the style on the teacher's review."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from classrooms.models import Assignment, User
from generation.models import Generation
from generation.services import generation_submit
from tests.support.factories import GenerationFactory, prompt_post


@pytest.fixture
def comparing(assignment: Assignment) -> Assignment:
    assignment.style_comparison_allowed = True
    assignment.save(update_fields=["style_comparison_allowed"])
    return assignment


def page_of(client: Client, assignment: Assignment) -> str:
    response = client.get(reverse("student_assignment", args=[assignment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def comparison_rows(page: str) -> list[str]:
    return re.findall(r'<section class="comparison".*?</section>', page, re.S)


def captions(row: str) -> list[str]:
    return [c.strip() for c in re.findall(r"<figcaption>(.*?)</figcaption>", row, re.S)]


def drawn_comparison(student: User, assignment: Assignment, styles: list[str]) -> list[Generation]:
    made = generation_submit(
        student=student, assignment=assignment, prompt="a lighthouse", options={}, art_styles=styles
    )
    Generation.objects.filter(pk__in=[g.pk for g in made]).update(
        status=Generation.Status.AWAITING_REVIEW
    )
    return made


def test_the_student_is_offered_the_styles_in_a_fieldset_only_when_the_teacher_allows_it(
    client: Client, student: User, assignment: Assignment
) -> None:
    client.force_login(student)
    assert 'name="art_styles"' not in page_of(client, assignment)

    assignment.style_comparison_allowed = True
    assignment.save()
    page = page_of(client, assignment)

    fieldset = re.search(r'<fieldset class="art-styles".*?</fieldset>', page, re.S)
    assert fieldset, "no fieldset of art styles"
    assert "<legend>The same idea in several styles</legend>" in fieldset.group()
    values = re.findall(r'name="art_styles" value="([^"]+)"', fieldset.group())
    assert values[:3] == ["Watercolour", "Oil painting", "Pencil sketch"]
    assert len(values) == 8


def test_with_fewer_than_two_pictures_left_no_styles_are_offered(
    client: Client, student: User, comparing: Assignment
) -> None:
    GenerationFactory.create_batch(4, student=student, assignment=comparing, approved=True)
    client.force_login(student)
    assert 'name="art_styles"' not in page_of(client, comparing)


def test_ticking_three_styles_makes_three_pictures_shown_side_by_side_with_their_names(
    client: Client, student: User, comparing: Assignment
) -> None:
    client.force_login(student)
    response = client.post(
        reverse("student_assignment", args=[comparing.pk]),
        prompt_post(student=student, assignment=comparing, prompt="a dragon kite")
        | {"art_styles": ["Comic book", "Watercolour", "Collage"]},
        follow=True,
    )

    page = response.content.decode()
    made = Generation.objects.order_by("pk")
    assert [g.options["art_style"] for g in made] == ["Watercolour", "Comic book", "Collage"]
    [row] = comparison_rows(page)
    assert "The same idea in 3 styles" in row
    assert captions(row) == ["Watercolour", "Comic book", "Collage"]
    assert [int(pk) for pk in re.findall(r'id="generation-(\d+)"', row)] == [g.pk for g in made]
    assert "You can make 2 more pictures." in page


def test_pictures_without_styles_stay_single_cards_beside_a_comparison(
    client: Client, student: User, comparing: Assignment
) -> None:
    single = GenerationFactory(student=student, assignment=comparing, approved=True)
    drawn_comparison(student, comparing, ["Pixel art", "Clay model"])
    client.force_login(student)

    page = page_of(client, comparing)

    [row] = comparison_rows(page)
    assert captions(row) == ["Pixel art", "Clay model"]
    assert f'id="generation-{single.pk}"' in page
    assert f'id="generation-{single.pk}"' not in row


def test_a_refused_choice_is_explained_and_the_ticks_stay(
    client: Client, student: User, comparing: Assignment
) -> None:
    client.force_login(student)
    response = client.post(
        reverse("student_assignment", args=[comparing.pk]),
        prompt_post(student=student, assignment=comparing, prompt="a dragon kite")
        | {"art_styles": ["Watercolour"]},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Please pick from 2 to 4 styles" in page
    assert re.search(r'value="Watercolour" checked', page)
    assert not Generation.objects.exists()


def test_a_classmates_comparison_is_not_on_my_page(
    client: Client, student: User, classmate: User, comparing: Assignment
) -> None:
    theirs = drawn_comparison(classmate, comparing, ["Pixel art", "Clay model"])
    drawn_comparison(student, comparing, ["3D render", "Collage"])
    client.force_login(student)

    page = page_of(client, comparing)

    assert [captions(row) for row in comparison_rows(page)] == [["3D render", "Collage"]]
    assert all(f'id="generation-{picture.pk}"' not in page for picture in theirs)


def test_the_teacher_sees_the_style_on_each_picture_in_review(
    client: Client, teacher: User, student: User, comparing: Assignment
) -> None:
    pixels, clay = drawn_comparison(student, comparing, ["Pixel art", "Clay model"])
    client.force_login(teacher)

    queue = client.get(reverse("review_queue")).content.decode()
    for picture, name in ((pixels, "Pixel art"), (clay, "Clay model")):
        card = re.search(rf'id="review-{picture.pk}".*?</form>', queue, re.S)
        assert card and f"Style: <strong>{name}</strong>" in card.group()

    listing = client.get(reverse("teacher_assignment", args=[comparing.pk])).content.decode()
    row = re.search(rf'id="row-{clay.pk}".*?</tr>', listing, re.S)
    assert row and "Style: <strong>Clay model</strong>" in row.group()

    detail = client.get(reverse("image", args=[pixels.pk])).content.decode()
    assert "Style: <strong>Pixel art</strong>" in detail


def test_the_teacher_switches_style_comparison_on_in_the_assignment_form(
    client: Client, teacher: User, assignment: Assignment
) -> None:
    client.force_login(teacher)
    url = reverse("teacher_assignment_edit", args=[assignment.pk])
    assert 'name="style_comparison_allowed"' in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "title": assignment.title,
            "image_limit": "5",
            "allowed_orientations": ["square"],
            "allowed_qualities": ["standard"],
            "allowed_styles": ["vivid"],
            "style_comparison_allowed": "on",
        },
    )

    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.style_comparison_allowed
