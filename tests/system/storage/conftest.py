"""Real S3 and Azure Blob emulators on 127.0.0.1, started once per test session.

`moto_server` (from the dev extra) stands in for S3 and `azurite-blob` (npm `azurite`)
for Azure Blob. Each test gets its own empty bucket or container and points
`STORAGES["default"]` at it through the same code the settings use.
"""

import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from azure.storage.blob import BlobServiceClient

from edu4all.storage import media_storage
from tests.conftest import require_service
from tests.support.ports import free_port, port_is_open
from tests.support.processes import stop, wait_until_started

# Azurite's fixed development account (public, documented by Microsoft).
AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = (
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
)
S3_REGION = "us-east-1"
S3_KEY_ID = "test-key-id"
S3_SECRET = "test-secret"


TOOLS = Path(__file__).resolve().parents[3] / ".tools" / "node_modules" / ".bin"


def _executable(name: str) -> str | None:
    # The venv's own scripts first (`make test` does not activate the venv), then the
    # project's .tools/ (where `make test` installs azurite), then the PATH.
    for folder in (Path(sys.executable).parent, TOOLS):
        if (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def _start(
    name: str, arguments: list[str], port: int, log: Path, cwd: Path | None = None
) -> subprocess.Popen[bytes]:
    """The emulator, listening; or skip (fail in CI) saying why not."""
    executable = _executable(name)
    require_service(executable is not None, f"{name} (not on PATH)")
    assert executable is not None
    with log.open("wb") as output:
        process = subprocess.Popen(
            [executable, *arguments], stdout=output, stderr=subprocess.STDOUT, cwd=cwd
        )
    if not wait_until_started(process, lambda: port_is_open(port), timeout=30):
        stop(process)
        require_service(False, f"{name} (did not start; see {log})")
    return process


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    process = _start("moto_server", ["-H", "127.0.0.1", "-p", str(port)], port, log)
    yield f"http://127.0.0.1:{port}"
    stop(process)


@pytest.fixture(scope="session")
def azurite_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    folder = tmp_path_factory.mktemp("azurite")
    arguments = [
        "--blobHost",
        "127.0.0.1",
        "--blobPort",
        str(port),
        "--inMemoryPersistence",
        "--skipApiVersionCheck",
        "--loose",
        # Without it Azurite tries to reach an outside telemetry service.
        "--disableTelemetry",
    ]
    # --inMemoryPersistence keeps blobs in memory; Azurite refuses --location with it.
    process = _start("azurite-blob", arguments, port, folder / "azurite.log", cwd=folder)
    yield f"http://127.0.0.1:{port}/{AZURITE_ACCOUNT}"
    stop(process)


def _use_storage(settings: Any, entry: dict[str, Any]) -> None:
    # Assigning STORAGES sends setting_changed; Django 5.2 then drops the cached
    # default_storage, so the app's next use builds the new backend.
    settings.STORAGES = {**settings.STORAGES, "default": entry}


@pytest.fixture
def s3_bucket(moto_endpoint: str, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An empty bucket on moto_server, with the app's default storage pointed at it."""
    name = f"edu4all-{uuid.uuid4().hex[:12]}"
    for variable, value in {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_REGION_NAME": S3_REGION,
        "AWS_S3_ENDPOINT_URL": moto_endpoint,
        "AWS_ACCESS_KEY_ID": S3_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": S3_SECRET,
        "AWS_S3_ADDRESSING_STYLE": "path",
    }.items():
        monkeypatch.setenv(variable, str(value))
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name=S3_REGION,
        aws_access_key_id=S3_KEY_ID,
        aws_secret_access_key=S3_SECRET,
    )
    client.create_bucket(Bucket=name)
    _use_storage(settings, media_storage("s3"))
    bucket = boto3.resource(
        "s3",
        endpoint_url=moto_endpoint,
        region_name=S3_REGION,
        aws_access_key_id=S3_KEY_ID,
        aws_secret_access_key=S3_SECRET,
    ).Bucket(name)
    yield bucket
    bucket.objects.all().delete()
    bucket.delete()


@pytest.fixture
def azure_container(
    azurite_endpoint: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Any]:
    """An empty private container on Azurite, with the default storage pointed at it."""
    name = f"edu4all-{uuid.uuid4().hex[:12]}"
    connection_string = (
        f"DefaultEndpointsProtocol=http;AccountName={AZURITE_ACCOUNT};"
        f"AccountKey={AZURITE_KEY};BlobEndpoint={azurite_endpoint};"
    )
    monkeypatch.setenv("AZURE_CONTAINER", name)
    monkeypatch.setenv("AZURE_CONNECTION_STRING", connection_string)
    service = BlobServiceClient.from_connection_string(connection_string)
    # No public_access argument: the container is private, as in production.
    container = service.create_container(name)
    _use_storage(settings, media_storage("azure"))
    yield container
    container.delete_container()
