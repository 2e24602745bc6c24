"""Pictures of known colours, stored and signed as the worker stores them, for the
class book's tests to find on its pages."""

import io

import pytest

from classrooms.models import Assignment, User
from generation.images import store_images, verified_image
from generation.models import Generation, TurnIn
from tests.support.factories import GenerationFactory

RED = (220, 30, 30)
GREEN = (30, 170, 60)
BLUE = (30, 60, 220)


def solid_png(colour: tuple[int, int, int], size: tuple[int, int] = (256, 256)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def solid_picture(
    *,
    student: User,
    assignment: Assignment,
    colour: tuple[int, int, int],
    status: str = Generation.Status.APPROVED,
    provider: str = "openai",
    prompt: str = "a red balloon",
    size: tuple[int, int] = (256, 256),
) -> Generation:
    """A drawn picture of one flat colour, its original and thumbnail signed and stored."""
    generation = GenerationFactory(
        student=student,
        assignment=assignment,
        status=status,
        provider=provider,
        model="gpt-image-1" if provider == "openai" else "offline-preview",
        prompt=prompt,
        size=f"{size[0]}x{size[1]}",
    )
    data = solid_png(colour, size)
    original, thumbnail = store_images(
        generation=generation,
        data=data,
        image=verified_image(data),
        provider=provider,
        model=generation.model,
    )
    generation.image.name, generation.thumbnail.name = original, thumbnail
    generation.save(update_fields=["image", "thumbnail"])
    return generation


def turned_in(picture: Generation, caption: str) -> TurnIn:
    return TurnIn.objects.create(
        student=picture.student,
        assignment=picture.assignment,
        generation=picture,
        caption=caption,
    )


@pytest.fixture
def maria(db: None, classroom: object) -> User:
    """A student whose name needs more than ASCII."""
    student = User.objects.create_user(
        username="maria",
        password="pass-word-123",
        role=User.Role.STUDENT,
        first_name="María José",
        display_name="María José Núñez",
    )
    classroom.students.add(student)  # type: ignore[attr-defined]
    return student
