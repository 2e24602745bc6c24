"""`manage.py make_c2pa_dev_key` (run by `make run`) makes a pair that signs pictures."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from generation.provenance import ALGORITHMIC_MEDIA, signed
from tests.generation.provenance.reading import failures, manifest_store

MANIFEST = {
    "claim_generator_info": [{"name": "Edu4All", "version": "test"}],
    "assertions": [
        {
            "label": "c2pa.actions.v2",
            "data": {
                "actions": [{"action": "c2pa.created", "digitalSourceType": ALGORITHMIC_MEDIA}]
            },
        }
    ],
}


@pytest.fixture
def pair_paths(settings, tmp_path: Path) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    settings.DEBUG = True  # as in `make run` (pytest-django runs tests with it off)
    settings.C2PA_SIGNING_KEY_FILE = tmp_path / "c2pa" / "dev-signing-key.pem"
    settings.C2PA_CERT_CHAIN_FILE = tmp_path / "c2pa" / "dev-cert-chain.pem"
    return settings.C2PA_SIGNING_KEY_FILE, settings.C2PA_CERT_CHAIN_FILE


def a_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (40, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_command_makes_a_pair_that_signs_a_picture_verifiers_accept(
    pair_paths: tuple[Path, Path],
) -> None:
    key_file, chain_file = pair_paths

    call_command("make_c2pa_dev_key", stdout=io.StringIO())

    assert key_file.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")  # PKCS#8
    assert key_file.stat().st_mode & 0o077 == 0  # the owner's alone
    assert chain_file.read_text().count("BEGIN CERTIFICATE") == 2  # signer, then CA
    store = manifest_store(signed(a_png(), "image/png", MANIFEST))
    assert store["validation_state"] == "Valid"
    assert failures(store) == ["signingCredential.untrusted"]


def test_a_second_run_keeps_the_pair_and_force_replaces_it(
    pair_paths: tuple[Path, Path],
) -> None:
    key_file, _chain_file = pair_paths
    call_command("make_c2pa_dev_key", stdout=io.StringIO())
    first = key_file.read_bytes()

    call_command("make_c2pa_dev_key", stdout=io.StringIO())
    assert key_file.read_bytes() == first

    call_command("make_c2pa_dev_key", "--force", stdout=io.StringIO())
    assert key_file.read_bytes() != first


def test_the_command_refuses_to_make_a_development_key_in_production(
    pair_paths: tuple[Path, Path], settings
) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("make_c2pa_dev_key", stdout=io.StringIO())
    assert not pair_paths[0].exists()
