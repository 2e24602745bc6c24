"""In a real browser: the student's card shows the picture so far while it is drawn, keeps
it on screen between polls, and the final picture replaces it when it arrives."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from classrooms.models import Assignment, Classroom, User
from generation.images import store_images, verified_image
from generation.models import Generation
from tests.support.browser import PASSWORD, Window, expect_image_loaded, sign_in
from tests.support.factories import GenerationFactory
from tests.support.fake_image_api import png_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("school_defaults"),
]


@pytest.fixture
def lighthouses() -> Assignment:
    ms_rivera = User.objects.create_user(
        username="ms_rivera", password=PASSWORD, role=User.Role.TEACHER, display_name="Ms Rivera"
    )
    mia = User.objects.create_user(
        username="mia", password=PASSWORD, role=User.Role.STUDENT, display_name="Mia"
    )
    class_5b = Classroom.objects.create(name="Class 5B")
    class_5b.teachers.add(ms_rivera)
    class_5b.students.add(mia)
    return Assignment.objects.create(classroom=class_5b, title="Lighthouses", created_by=ms_rivera)


def test_the_student_watches_the_picture_form_and_the_final_one_replaces_it(
    window: Window, lighthouses: Assignment
) -> None:
    mia = User.objects.get(username="mia")
    drawing = GenerationFactory(
        student=mia, assignment=lighthouses, prompt="a lighthouse made of books", drawing=True
    )
    partial = default_storage.save(
        f"partials/student-{mia.pk}/{drawing.pk}-0-0123456789ab.png",
        ContentFile(png_bytes("1024x1024", color=(180, 200, 235))),
    )
    Generation.objects.filter(pk=drawing.pk).update(partial_image=partial)

    page = sign_in(window, "mia")
    page.get_by_role("link", name="Class 5B").click()
    page.get_by_role("link", name="Lighthouses").click()

    so_far = page.get_by_role("img", name="Your picture so far, still being drawn:")
    expect_image_loaded(so_far)
    expect(page.get_by_text("Still drawing...")).to_be_visible()
    # Between polls the same picture so far stays on screen as it is, not fetched again.
    so_far.evaluate("img => { img.dataset.kept = 'yes'; }")
    for _ in range(2):  # the second poll starts only once the first replaced the card
        with page.expect_response(lambda response: "/status/" in response.url):
            pass
    expect(page.locator("[data-partial] img[data-kept='yes']")).to_have_count(1)

    # The worker stores the final picture.
    data = png_bytes("1024x1024", color=(40, 90, 160))
    original, thumbnail = store_images(
        generation=drawing,
        data=data,
        image=verified_image(data),
        provider="openai",
        model="gpt-image-2",
    )
    Generation.objects.filter(pk=drawing.pk).update(
        status=Generation.Status.AWAITING_REVIEW,
        image=original,
        thumbnail=thumbnail,
        partial_image="",
    )

    final = page.get_by_role("img", name="a lighthouse made of books")
    expect_image_loaded(final)
    expect(page.locator("[data-partial]")).to_have_count(0)
    expect(page.get_by_text("Still drawing...")).to_have_count(0)
