"""Read a picture's C2PA manifests back with c2pa's own reader, as a verifier would."""

import io
import json
from typing import Any

import c2pa
from PIL import Image


def manifest_store(data: bytes) -> dict[str, Any]:
    """Everything c2pa's reader says about these bytes: manifests and validation."""
    with Image.open(io.BytesIO(data)) as probe:
        mime = Image.MIME[probe.format or "PNG"]
    with c2pa.Reader(mime, io.BytesIO(data)) as reader:
        store: dict[str, Any] = json.loads(reader.json())
    return store


def active_manifest(data: bytes) -> dict[str, Any]:
    store = manifest_store(data)
    manifest: dict[str, Any] = store["manifests"][store["active_manifest"]]
    return manifest


def assertion(manifest: dict[str, Any], label: str) -> dict[str, Any]:
    [found] = [item["data"] for item in manifest["assertions"] if item["label"] == label]
    return found  # type: ignore[no-any-return]


def actions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return assertion(manifest, "c2pa.actions.v2")["actions"]  # type: ignore[no-any-return]


def stored_bytes(field: Any) -> bytes:
    with field.open("rb") as stored:
        data: bytes = stored.read()
    return data


def failures(store: dict[str, Any]) -> list[str]:
    """The validation failures of the active manifest, by code."""
    results = store["validation_results"]["activeManifest"]
    return sorted(item["code"] for item in results.get("failure", []))
