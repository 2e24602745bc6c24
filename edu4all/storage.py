"""Where pictures are kept: the local disk, an S3 bucket or an Azure Blob container.

Every backend is private. Pictures reach a browser only through the permission-checked
view (`generation.views.images.image_file`), which reads them with `default_storage`;
no storage URL is ever put in a page. The signed URLs the cloud backends can still
make (for an admin's shell, say) expire after a few minutes.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from edu4all.env import env_str

STORAGE_BACKENDS = ("local", "s3", "azure")
SIGNED_URL_SECONDS = 300
# Inside the bucket or container, so it can be shared with other data.
CLOUD_LOCATION = "media"


def _required(name: str, backend: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when STORAGE_BACKEND={backend}.")
    return value


def _optional(name: str) -> str | None:
    # None, not "", so django-storages falls back to its own defaults (boto3's
    # credential chain, the region of the AWS profile).
    return env_str(name) or None


def s3_storage() -> dict[str, Any]:
    bucket = _required("AWS_STORAGE_BUCKET_NAME", "s3")
    access_key = _optional("AWS_ACCESS_KEY_ID")
    secret_key = _optional("AWS_SECRET_ACCESS_KEY")
    if bool(access_key) != bool(secret_key):
        # Without either, boto3 uses the machine's role; one alone is always a mistake.
        missing = "AWS_SECRET_ACCESS_KEY" if access_key else "AWS_ACCESS_KEY_ID"
        raise ImproperlyConfigured(f"{missing} must be set together with its pair.")
    addressing_style = _optional("AWS_S3_ADDRESSING_STYLE")
    if addressing_style not in (None, "auto", "path", "virtual"):
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE must be auto, path or virtual, not {addressing_style!r}."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "region_name": _optional("AWS_S3_REGION_NAME"),
            "endpoint_url": _optional("AWS_S3_ENDPOINT_URL"),
            "access_key": access_key,
            "secret_key": secret_key,
            "addressing_style": addressing_style,
            "location": CLOUD_LOCATION,
            # No ACL header: objects stay private, and buckets that enforce owner-only
            # access (the AWS default) reject ACL headers anyway.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": SIGNED_URL_SECONDS,
            "file_overwrite": False,
        },
    }


def azure_storage() -> dict[str, Any]:
    container = _required("AZURE_CONTAINER", "azure")
    connection_string = _optional("AZURE_CONNECTION_STRING")
    options: dict[str, Any] = {
        "azure_container": container,
        "location": CLOUD_LOCATION,
        "expiration_secs": SIGNED_URL_SECONDS,
        "overwrite_files": False,
    }
    if connection_string:
        # Also the way to reach the Azurite emulator or another endpoint.
        options["connection_string"] = connection_string
    else:
        options["account_name"] = _required("AZURE_ACCOUNT_NAME", "azure")
        account_key = _optional("AZURE_ACCOUNT_KEY")
        if account_key is None:
            raise ImproperlyConfigured(
                "AZURE_ACCOUNT_KEY (or AZURE_CONNECTION_STRING) must be set "
                "when STORAGE_BACKEND=azure."
            )
        options["account_key"] = account_key
    return {"BACKEND": "storages.backends.azure_storage.AzureStorage", "OPTIONS": options}


def media_storage(backend: str) -> dict[str, Any]:
    """The STORAGES["default"] entry for STORAGE_BACKEND, read from the environment."""
    if backend == "local":
        # Reads MEDIA_ROOT when used, so a changed MEDIA_ROOT (tests) is followed.
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend == "s3":
        return s3_storage()
    if backend == "azure":
        return azure_storage()
    raise ImproperlyConfigured(
        f"STORAGE_BACKEND must be one of {', '.join(STORAGE_BACKENDS)}, not {backend!r}."
    )
