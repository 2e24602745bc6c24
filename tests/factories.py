"""Small helpers that make finished generations the way the real task would."""

import re

from classrooms.models import Assignment, User
from generation.images import store_images, verified_image
from generation.models import Generation
from generation.providers.base import ImageRequest
from generation.providers.offline import OfflineProvider
from generation.services import form_token_new


def finished_generation(
    *,
    student: User,
    assignment: Assignment,
    status: str = Generation.Status.AWAITING_REVIEW,
    prompt: str = "the Eiffel Tower on the Moon",
    size: str = "256x256",
) -> Generation:
    generation = Generation.objects.create(
        student=student,
        assignment=assignment,
        prompt=prompt,
        size=size,
        options={"orientation": "square"},
        provider="offline",
        model="offline-preview",
        status=status,
    )
    data = OfflineProvider().generate(ImageRequest(prompt=prompt, size=size)).image_bytes
    original, thumbnail = store_images(
        student_id=student.pk, generation_id=generation.pk, data=data, image=verified_image(data)
    )
    generation.image.name = original
    generation.thumbnail.name = thumbnail
    generation.save(update_fields=["image", "thumbnail"])
    return generation


def blocked_generation(
    *,
    student: User,
    assignment: Assignment,
    prompt: str = "a knight with swords",
    **extra: object,
) -> Generation:
    """A blocked attempt as submission saves it (the school list's "swords"), with any
    other field a test needs, such as when it happened."""
    return Generation.objects.create(
        student=student,
        assignment=assignment,
        prompt=prompt,
        size="1024x1024",
        status=Generation.Status.BLOCKED,
        safety_layer=Generation.SafetyLayer.SCHOOL_LIST,
        safety_rule="swords",
        **extra,
    )


def drawing_generation(*, student: User, assignment: Assignment) -> Generation:
    """A picture the worker is drawing right now: nothing to review or show yet."""
    return Generation.objects.create(
        student=student,
        assignment=assignment,
        prompt="x",
        size="1024x1024",
        status=Generation.Status.GENERATING,
    )


def prompt_post(*, student: User, assignment: Assignment, **data: str) -> dict[str, str]:
    """What the prompt form posts: the fields given and a fresh one-time token, made by the
    same function that puts one in every rendering of the form."""
    return {"form_token": form_token_new(student=student, assignment=assignment), **data}


def form_token_on(page: str) -> str:
    """The one-time token in a rendered prompt form."""
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, "the page has no prompt form token"
    return found.group(1)
