"""Test data: GenerationFactory (factory-boy) with a trait per status, and the helpers
built on it that make pictures the way the real task would."""

import re
from typing import Any

import factory
from factory.django import DjangoModelFactory

from classrooms.models import Assignment, User
from generation.images import store_images, verified_image
from generation.models import Generation
from generation.providers.base import ImageRequest
from generation.providers.offline import OfflineProvider
from generation.services import form_token_new


class GenerationFactory(DjangoModelFactory[Generation]):
    """A picture a student asked for; queued, unless a trait says where it has got to.

    `GenerationFactory(student=ana, assignment=castles, awaiting_review=True,
    with_picture=True)` is a drawn picture waiting for the teacher, files and all.
    """

    class Meta:
        model = Generation
        skip_postgeneration_save = True  # with_picture saves what it changes

    prompt = "the Eiffel Tower on the Moon"
    size = "1024x1024"
    options = factory.LazyFunction(lambda: {"orientation": "square"})
    model = "dall-e-3"

    class Params:
        drawing = factory.Trait(status=Generation.Status.GENERATING)
        awaiting_review = factory.Trait(
            status=Generation.Status.AWAITING_REVIEW, provider="offline", model="offline-preview"
        )
        approved = factory.Trait(
            status=Generation.Status.APPROVED, provider="offline", model="offline-preview"
        )
        rejected = factory.Trait(
            status=Generation.Status.REJECTED, provider="offline", model="offline-preview"
        )
        # As submission saves a prompt the school list stops (its "swords").
        blocked = factory.Trait(
            status=Generation.Status.BLOCKED,
            prompt="a knight with swords",
            safety_layer=Generation.SafetyLayer.SCHOOL_LIST,
            safety_rule="swords",
        )
        failed = factory.Trait(status=Generation.Status.FAILED)
        filtered = factory.Trait(
            status=Generation.Status.FILTERED,
            safety_layer=Generation.SafetyLayer.PROVIDER_FILTER,
        )

    @factory.post_generation
    def with_picture(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """with_picture=True: the original and thumbnail files, drawn by the offline preview."""
        if not (create and extracted):
            return
        request = ImageRequest(prompt=self.prompt, size=self.size)
        data = OfflineProvider().generate(request).image_bytes
        original, thumbnail = store_images(
            generation=self,
            data=data,
            image=verified_image(data),
            provider=self.provider or "offline",
            model=self.model or "offline-preview",
        )
        self.image.name = original
        self.thumbnail.name = thumbnail
        self.save(update_fields=["image", "thumbnail"])


def finished_generation(
    *,
    student: User,
    assignment: Assignment,
    status: str = Generation.Status.AWAITING_REVIEW,
    prompt: str = "the Eiffel Tower on the Moon",
    size: str = "256x256",
) -> Generation:
    return GenerationFactory(
        student=student,
        assignment=assignment,
        prompt=prompt,
        size=size,
        provider="offline",
        model="offline-preview",
        status=status,
        with_picture=True,
    )


def blocked_generation(
    *,
    student: User,
    assignment: Assignment,
    prompt: str = "a knight with swords",
    **extra: object,
) -> Generation:
    """A blocked attempt as submission saves it (the school list's "swords"), with any
    other field a test needs, such as when it happened."""
    return GenerationFactory(
        student=student, assignment=assignment, prompt=prompt, blocked=True, **extra
    )


def drawing_generation(*, student: User, assignment: Assignment) -> Generation:
    """A picture the worker is drawing right now: nothing to review or show yet."""
    return GenerationFactory(student=student, assignment=assignment, prompt="x", drawing=True)


def prompt_post(*, student: User, assignment: Assignment, **data: str) -> dict[str, str]:
    """What the prompt form posts: the fields given and a fresh one-time token, made by the
    same function that puts one in every rendering of the form."""
    return {"form_token": form_token_new(student=student, assignment=assignment), **data}


def form_token_on(page: str) -> str:
    """The one-time token in a rendered prompt form."""
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, "the page has no prompt form token"
    return found.group(1)
