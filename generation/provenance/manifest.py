"""What a picture's C2PA manifest claims: how it was made, by which service and model.

The claims are in English whatever the page's language: they are read by verifiers and
kept with the file for good, not shown on our pages.
"""

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.utils import translation

from generation.models import Generation
from generation.providers.registry import makes_ai_pictures, provider_label

# IPTC digital source types (https://cv.iptc.org/newscodes/digitalsourcetype/).
# An image model learnt from sampled pictures: "trained algorithmic media".
TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
# The offline preview draws with a few lines of Pillow code from no training data at all:
# "created purely by an algorithm not based on any sampled training data". Not
# digitalCreation, which IPTC keeps for a person drawing with digital tools.
ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"
# The label an edit's c2pa.opened action uses to point at its parent ingredient.
PARENT_LABEL = "parent"
# Our own assertion, beside the standard ones: the provider and model in plain fields.
PICTURE_ASSERTION = "org.edu4all.picture"


def _version() -> str:
    try:
        return version("edu4all")
    except PackageNotFoundError:
        return "unknown"


CLAIM_GENERATOR = {"name": "Edu4All", "version": _version()}

AI_STATEMENT = (
    "Made with AI: drawn by the image model {model} ({provider}) from a student's "
    "prompt, through Edu4All."
)
NOT_AI_STATEMENT = (
    "Not made by AI: drawn by Edu4All's offline preview, a small program that uses no "
    "AI model, as a stand-in while no image service is connected."
)


def picture_title(generation_id: int | None, extension: str) -> str:
    return f"edu4all-{generation_id}.{extension}"


def _extension(mime: str) -> str:
    return mime.split("/", 1)[-1].replace("jpeg", "jpg")


def _picture_claims(*, provider: str, model: str) -> tuple[bool, str, dict[str, str], str]:
    by_ai = makes_ai_pictures(provider)
    with translation.override("en"):
        label = str(provider_label(provider))
    if by_ai:
        statement = AI_STATEMENT.format(model=model, provider=label)
        return by_ai, TRAINED_ALGORITHMIC_MEDIA, {"name": f"{label} {model}"}, statement
    return by_ai, ALGORITHMIC_MEDIA, {"name": "Edu4All offline preview"}, NOT_AI_STATEMENT


def manifest_for(
    generation: Generation,
    *,
    provider: str,
    model: str,
    mime: str,
    parent_title: str | None = None,
) -> dict[str, Any]:
    """The manifest of `generation`'s picture as drawn by `provider`'s `model`.

    A new picture is `c2pa.created`; an edit is `c2pa.opened` (its parent, named by
    `parent_title`, as the `parentOf` ingredient `signed` adds) then `c2pa.edited`.
    Nothing about the child is in it: no name, no prompt.
    """
    by_ai, source_type, agent, statement = _picture_claims(provider=provider, model=model)
    # An edit whose parent file is gone (deleted while it was drawn) cannot be "opened":
    # C2PA wants a parentOf ingredient for that, so it is created, and says so.
    edits_parent = generation.is_edit and parent_title is not None
    if generation.is_edit and not edits_parent:
        statement = f"{statement} A change of an earlier picture that is no longer stored."
    drawing = {
        "action": "c2pa.edited" if edits_parent else "c2pa.created",
        "digitalSourceType": source_type,
        "softwareAgent": agent,
        "description": statement,
    }
    actions: list[dict[str, Any]] = [drawing]
    if edits_parent:
        opened = {"action": "c2pa.opened", "parameters": {"ingredientIds": [PARENT_LABEL]}}
        actions.insert(0, opened)
    return {
        "claim_generator_info": [CLAIM_GENERATOR],
        "title": picture_title(generation.pk, _extension(mime)),
        "format": mime,
        "assertions": [
            {"label": "c2pa.actions.v2", "data": {"actions": actions}},
            {
                "label": PICTURE_ASSERTION,
                "data": {
                    "provider": provider,
                    "model": model,
                    "made_by_ai": by_ai,
                    "statement": statement,
                },
            },
        ],
    }


def thumbnail_manifest_for(
    generation: Generation, *, provider: str, model: str, original_title: str
) -> dict[str, Any]:
    """The thumbnail's manifest (WebP): the same claim as its original's, on its own.

    No ingredient: the original's whole manifest inside every thumbnail would triple
    what signing adds to a gallery page, and the original says it all anyway.
    """
    by_ai, source_type, agent, statement = _picture_claims(provider=provider, model=model)
    return {
        "claim_generator_info": [CLAIM_GENERATOR],
        "title": picture_title(generation.pk, "thumbnail.webp"),
        "format": "image/webp",
        "assertions": [
            {
                "label": "c2pa.actions.v2",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": source_type,
                            "softwareAgent": agent,
                            "description": f"{statement} A small copy of {original_title}.",
                        }
                    ]
                },
            },
            {
                "label": PICTURE_ASSERTION,
                "data": {"provider": provider, "model": model, "made_by_ai": by_ai},
            },
        ],
    }
