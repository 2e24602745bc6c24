"""Provenance: every stored picture carries a signed C2PA manifest saying how it was made.

`manifest_for` says what the manifest claims, `signed` embeds and signs it, and
`signed_picture` does both for a picture the worker is about to store.
"""

from generation.provenance.manifest import (
    ALGORITHMIC_MEDIA,
    CLAIM_GENERATOR,
    TRAINED_ALGORITHMIC_MEDIA,
    manifest_for,
)
from generation.provenance.signing import (
    Ingredient,
    ProvenanceError,
    mime_of,
    signed,
    signed_picture,
    signed_thumbnail,
)

__all__ = [
    "ALGORITHMIC_MEDIA",
    "CLAIM_GENERATOR",
    "TRAINED_ALGORITHMIC_MEDIA",
    "Ingredient",
    "ProvenanceError",
    "manifest_for",
    "mime_of",
    "signed",
    "signed_picture",
    "signed_thumbnail",
]
