"""Embed and sign a manifest with the school's key (settings C2PA_SIGNING_KEY_FILE and
C2PA_CERT_CHAIN_FILE), using c2pa-python.

A picture that cannot be signed is never stored unsigned: `ProvenanceError` reaches the
worker, which fails the picture and logs why.
"""

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import c2pa
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image

from generation.models import Generation
from generation.provenance.manifest import (
    PARENT_LABEL,
    manifest_for,
    picture_title,
    thumbnail_manifest_for,
)

# No thumbnail inside the manifest: verifiers show the picture itself, and making one
# took 85 of the 93 ms a 3 MB PNG needed to sign (and added 40 KB instead of 3 KB).
_SDK_SETTINGS = {"builder": {"thumbnail": {"enabled": False}}}


class ProvenanceError(Exception):
    """The picture could not be signed: the key, the chain or the picture is unusable."""


@dataclass(frozen=True)
class Ingredient:
    """The picture an edit (or a thumbnail) was made from, kept in its manifest."""

    data: bytes
    mime: str
    title: str


def _read(name: str) -> bytes:
    path = Path(getattr(settings, name))
    try:
        return path.read_bytes()
    except OSError as error:
        raise ProvenanceError(
            f"{name} ({path}) cannot be read: {error.strerror}. Run "
            "`python manage.py make_c2pa_dev_key` for a development pair."
        ) from error


def _signer() -> c2pa.Signer:
    # Read on every picture: a few hundred bytes, and a renewed certificate is used at once.
    info = c2pa.C2paSignerInfo(
        alg=b"es256",
        sign_cert=_read("C2PA_CERT_CHAIN_FILE"),
        private_key=_read("C2PA_SIGNING_KEY_FILE"),
        ta_url=None,
    )
    return c2pa.Signer.from_info(info)


def signed(
    data: bytes, mime: str, manifest: dict[str, Any], *, ingredient: Ingredient | None = None
) -> bytes:
    """`data` with `manifest` embedded and signed (and `ingredient` as its parent)."""
    try:
        signer = _signer()
        context = c2pa.Context(settings=c2pa.Settings.from_dict(_SDK_SETTINGS))
        with c2pa.Builder(json.dumps(manifest), context) as builder:
            if ingredient is not None:
                definition = {
                    "title": ingredient.title,
                    "relationship": "parentOf",
                    "label": PARENT_LABEL,
                }
                builder.add_ingredient(
                    json.dumps(definition), ingredient.mime, io.BytesIO(ingredient.data)
                )
            destination = io.BytesIO()
            builder.sign(signer, mime, io.BytesIO(data), destination)
    except c2pa.C2paError as error:
        raise ProvenanceError(f"The picture could not be signed: {error}") from error
    return destination.getvalue()


def mime_of(data: bytes) -> str:
    """The MIME type of picture bytes, from their header."""
    with Image.open(io.BytesIO(data)) as probe:
        return Image.MIME.get(probe.format or "", "image/png")


def _parent_ingredient(generation: Generation, data: bytes | None = None) -> Ingredient | None:
    """The stored picture an edit changed (`data`, if the caller read it already); None
    if it has none (or it is gone)."""
    parent = generation.parent if generation.parent_id else None
    name = parent.image.name if parent is not None else ""
    if parent is None or not name:
        return None
    if data is None:
        if not default_storage.exists(name):
            return None
        with default_storage.open(name, "rb") as stored:
            data = stored.read()
    mime = mime_of(data)
    return Ingredient(data=data, mime=mime, title=picture_title(parent.pk, name.rsplit(".")[-1]))


def signed_picture(
    generation: Generation,
    *,
    provider: str,
    model: str,
    data: bytes,
    mime: str,
    parent: bytes | None = None,
) -> bytes:
    """The picture `provider`'s `model` drew for `generation`, signed, ready to store;
    an edit's `parent` bytes become its ingredient (read from storage if not given)."""
    ingredient = _parent_ingredient(generation, parent) if generation.is_edit else None
    manifest = manifest_for(
        generation,
        provider=provider,
        model=model,
        mime=mime,
        parent_title=ingredient.title if ingredient is not None else None,
    )
    return signed(data, mime, manifest, ingredient=ingredient)


def signed_thumbnail(
    generation: Generation, *, provider: str, model: str, data: bytes, original_title: str
) -> bytes:
    """A thumbnail (WebP) signed with the same claim as its original."""
    manifest = thumbnail_manifest_for(
        generation, provider=provider, model=model, original_title=original_title
    )
    return signed(data, "image/webp", manifest)
