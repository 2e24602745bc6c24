"""Pages stay cheap at class scale: paginated, constant queries, light thumbnails, cheap polls."""

import io
import os
import re
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from classrooms.models import Assignment, User
from generation.images import store_images, verified_image
from generation.models import Generation
from generation.selectors import PICTURES_PER_PAGE

pytestmark = pytest.mark.django_db

THUMB_URL = re.compile(r'src="(/images/\d+/file/thumb/)"')


def add_generations(
    *, student: User, assignment: Assignment, status: str, count: int
) -> list[Generation]:
    """Rows as the worker leaves them; the list pages only read file names, never files."""
    start = timezone.now() - timedelta(days=1)
    return Generation.objects.bulk_create(
        Generation(
            student=student,
            assignment=assignment,
            prompt=f"a lighthouse made of cheese, number {number}",
            size="1024x1024",
            status=status,
            image=f"generations/student-{student.pk}/{number}.png",
            thumbnail=f"generations/student-{student.pk}/{number}-thumb.webp",
            created_at=start + timedelta(seconds=number),
        )
        for number in range(count)
    )


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


# Each page of pictures: who opens it, and the status of the pictures it lists.
PAGES_OF_PICTURES = [
    ("teacher", "review_queue", Generation.Status.AWAITING_REVIEW),
    ("classmate", "gallery", Generation.Status.APPROVED),
    ("student", "student_assignment", Generation.Status.APPROVED),
    ("teacher", "teacher_assignment", Generation.Status.APPROVED),
]


def page_url(url_name: str, assignment: Assignment) -> str:
    if url_name == "review_queue":
        return reverse(url_name)
    return reverse(url_name, args=[assignment.pk])


@pytest.mark.parametrize(("who", "url_name", "status"), PAGES_OF_PICTURES)
def test_pages_of_pictures_take_as_many_queries_for_50_pictures_as_for_5(
    client: Client,
    request: pytest.FixtureRequest,
    student: User,
    assignment: Assignment,
    who: str,
    url_name: str,
    status: str,
) -> None:
    client.force_login(request.getfixturevalue(who))
    url = page_url(url_name, assignment)

    add_generations(student=student, assignment=assignment, status=status, count=5)
    with_5 = queries_for(client, url)
    add_generations(student=student, assignment=assignment, status=status, count=45)
    with_50 = queries_for(client, url)

    assert with_50 == with_5


@pytest.mark.parametrize(("who", "url_name", "status"), PAGES_OF_PICTURES)
def test_pages_of_pictures_show_30_at_a_time_and_link_to_the_rest(
    client: Client,
    request: pytest.FixtureRequest,
    student: User,
    assignment: Assignment,
    who: str,
    url_name: str,
    status: str,
) -> None:
    made = add_generations(student=student, assignment=assignment, status=status, count=32)
    client.force_login(request.getfixturevalue(who))
    url = page_url(url_name, assignment)

    first = client.get(url)
    second = client.get(url, {"page": 2})

    assert len(first.context["generations"]) == PICTURES_PER_PAGE
    assert 'href="?page=2"' in first.content.decode()
    shown = {g.pk for g in first.context["generations"]} | {
        g.pk for g in second.context["generations"]
    }
    assert shown == {g.pk for g in made}
    assert len(second.context["generations"]) == 2


def test_teacher_assignment_page_links_keep_the_status_filter(
    client: Client, teacher: User, student: User, assignment: Assignment
) -> None:
    add_generations(
        student=student, assignment=assignment, status=Generation.Status.BLOCKED, count=31
    )
    client.force_login(teacher)

    response = client.get(
        reverse("teacher_assignment", args=[assignment.pk]), {"status": "blocked"}
    )

    assert 'href="?status=blocked&amp;page=2"' in response.content.decode()


def noisy_png(size: int = 1024) -> bytes:
    """A picture that compresses like a real one: random pixels, not a flat colour."""
    image = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    # Blur a little so it is not pure noise (which no real picture is), but stays ~1-3 MB.
    image = image.resize((size // 4, size // 4)).resize((size, size), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_page_of_30_thumbnails_weighs_at_most_5_percent_of_the_originals(
    client: Client, teacher: User, student: User, assignment: Assignment
) -> None:
    data = noisy_png()
    assert len(data) > 1_000_000
    for number in range(PICTURES_PER_PAGE):
        generation = Generation.objects.create(
            student=student,
            assignment=assignment,
            prompt=f"a castle on a cloud, number {number}",
            size="1024x1024",
            status=Generation.Status.AWAITING_REVIEW,
        )
        original, thumbnail = store_images(
            generation=generation,
            data=data,
            image=verified_image(data),
            provider="offline",
            model="offline-preview",
        )
        generation.image.name = original
        generation.thumbnail.name = thumbnail
        generation.save(update_fields=["image", "thumbnail"])
    client.force_login(teacher)

    page = client.get(reverse("review_queue"))
    html = page.content
    thumb_urls = THUMB_URL.findall(html.decode())
    thumbs = [b"".join(client.get(url).streaming_content) for url in thumb_urls]  # type: ignore[attr-defined]

    assert len(thumb_urls) == PICTURES_PER_PAGE
    assert all(Image.open(io.BytesIO(thumb)).format == "WEBP" for thumb in thumbs)
    originals = sum(default_storage.size(str(g.image.name)) for g in Generation.objects.all())
    page_weight = len(html) + sum(len(thumb) for thumb in thumbs)
    print(f"page {page_weight} bytes, originals {originals} bytes: {page_weight / originals:.2%}")
    assert page_weight <= 0.05 * originals


def status_queries(client: Client, generation: Generation) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("image_status", args=[generation.pk]))
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_status_poll_reads_the_generation_in_one_query_by_primary_key(
    client: Client, student: User, assignment: Assignment, queued: Generation
) -> None:
    client.force_login(student)
    few = status_queries(client, queued)
    add_generations(
        student=student, assignment=assignment, status=Generation.Status.APPROVED, count=50
    )
    many = status_queries(client, queued)

    # The session and the signed-in user, then the generation itself, however many
    # pictures there are.
    assert len(few) == len(many) == 3


def test_a_teacher_polls_a_class_picture_in_one_query(
    client: Client, teacher: User, queued: Generation
) -> None:
    client.force_login(teacher)

    assert len(status_queries(client, queued)) == 3


def test_a_classmate_cannot_poll_someone_elses_picture(
    client: Client, classmate: User, other_teacher: User, queued: Generation
) -> None:
    for person in (classmate, other_teacher):
        client.force_login(person)
        assert client.get(reverse("image_status", args=[queued.pk])).status_code == 404
