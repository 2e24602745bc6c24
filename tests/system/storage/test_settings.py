"""STORAGE_BACKEND: local by default, private S3 or Azure when asked, loud when half set."""

import ast

import pytest

from tests.test_settings import settings_in_a_fresh_process

S3 = {"STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": "school-pictures"}
AZURE = {"STORAGE_BACKEND": "azure", "AZURE_CONTAINER": "pictures"}


def default_storage_with(env: dict[str, str]) -> dict[str, object]:
    result = settings_in_a_fresh_process(["STORAGES"], env)
    storages = ast.literal_eval(result.stdout.strip())
    assert storages["staticfiles"]["BACKEND"].startswith("django.contrib.staticfiles")
    return storages["default"]  # type: ignore[no-any-return]


def refusal(env: dict[str, str]) -> str:
    result = settings_in_a_fresh_process(["STORAGES"], env, check=False)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_pictures_stay_on_the_local_disk_by_default() -> None:
    assert default_storage_with({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_keeps_pictures_private_and_signs_urls_for_minutes_only() -> None:
    storage = default_storage_with(
        {
            **S3,
            "AWS_S3_REGION_NAME": "eu-west-1",
            "AWS_S3_ENDPOINT_URL": "https://minio.school.internal",
            "AWS_ACCESS_KEY_ID": "key-id",
            "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_S3_ADDRESSING_STYLE": "path",
        }
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "school-pictures",
            "region_name": "eu-west-1",
            "endpoint_url": "https://minio.school.internal",
            "access_key": "key-id",
            "secret_key": "secret",
            "addressing_style": "path",
            "location": "media",
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }


def test_s3_without_keys_leaves_credentials_to_the_machines_role() -> None:
    options = default_storage_with(S3)["OPTIONS"]
    assert options["access_key"] is None and options["secret_key"] is None  # type: ignore[index]
    assert options["endpoint_url"] is None  # type: ignore[index]


def test_azure_reads_an_account_key_or_a_connection_string() -> None:
    with_key = default_storage_with(
        {**AZURE, "AZURE_ACCOUNT_NAME": "school", "AZURE_ACCOUNT_KEY": "a2V5"}
    )
    assert with_key == {
        "BACKEND": "storages.backends.azure_storage.AzureStorage",
        "OPTIONS": {
            "azure_container": "pictures",
            "location": "media",
            "expiration_secs": 300,
            "overwrite_files": False,
            "account_name": "school",
            "account_key": "a2V5",
        },
    }
    connection = "DefaultEndpointsProtocol=https;AccountName=school;AccountKey=a2V5"
    with_string = default_storage_with({**AZURE, "AZURE_CONNECTION_STRING": connection})
    assert with_string["OPTIONS"]["connection_string"] == connection  # type: ignore[index]
    assert "account_key" not in with_string["OPTIONS"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"STORAGE_BACKEND": "s3"}, "AWS_STORAGE_BUCKET_NAME must be set"),
        ({**S3, "AWS_ACCESS_KEY_ID": "key-id"}, "AWS_SECRET_ACCESS_KEY must be set"),
        ({**S3, "AWS_SECRET_ACCESS_KEY": "secret"}, "AWS_ACCESS_KEY_ID must be set"),
        ({**S3, "AWS_S3_ADDRESSING_STYLE": "sideways"}, "AWS_S3_ADDRESSING_STYLE must be"),
        ({"STORAGE_BACKEND": "azure"}, "AZURE_CONTAINER must be set"),
        (AZURE, "AZURE_ACCOUNT_NAME must be set"),
        ({**AZURE, "AZURE_ACCOUNT_NAME": "school"}, "AZURE_ACCOUNT_KEY (or AZURE_CONNECTION"),
        ({"STORAGE_BACKEND": "dropbox"}, "STORAGE_BACKEND must be one of local, s3, azure"),
    ],
)
def test_a_half_configured_backend_refuses_to_start_and_names_the_variable(
    env: dict[str, str], named: str
) -> None:
    assert named in refusal(env)
