"""Configuration from the environment: defaults that need nothing, loud errors on nonsense."""

import os
import runpy
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

from edu4all.database import database_from_url
from edu4all.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parent.parent


def test_env_helpers_read_typed_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAG", "yes")
    monkeypatch.setenv("COUNT", "12")
    monkeypatch.setenv("HOSTS", "a.example, b.example ,")
    assert env_bool("FLAG", False) is True
    assert env_int("COUNT", 1) == 12
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
    assert env_bool("MISSING", True) is True


def test_env_helpers_fail_loudly_on_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAG", "perhaps")
    monkeypatch.setenv("COUNT", "a dozen")
    with pytest.raises(ImproperlyConfigured, match="FLAG"):
        env_bool("FLAG", False)
    with pytest.raises(ImproperlyConfigured, match="COUNT"):
        env_int("COUNT", 1)


def test_database_url_defaults_to_sqlite_that_a_threaded_worker_can_share(tmp_path: Path) -> None:
    database = database_from_url("", default_sqlite_path=tmp_path / "db.sqlite3")
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert database["OPTIONS"]["timeout"] == 20


def test_database_url_reads_postgres_and_absolute_sqlite(tmp_path: Path) -> None:
    postgres = database_from_url(
        "postgres://edu:s%40cret@db.internal:5433/edu4all", default_sqlite_path=tmp_path / "x"
    )
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert (postgres["NAME"], postgres["USER"], postgres["PASSWORD"]) == (
        "edu4all",
        "edu",
        "s@cret",
    )
    assert (postgres["HOST"], postgres["PORT"]) == ("db.internal", "5433")
    sqlite = database_from_url("sqlite:////srv/data/edu.sqlite3", default_sqlite_path=tmp_path)
    assert sqlite["NAME"] == "/srv/data/edu.sqlite3"
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x/y", default_sqlite_path=tmp_path)


SETTINGS_FILE = ROOT / "edu4all" / "settings.py"


def settings_with(
    names: list[str], env: dict[str, str], *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """The named settings as edu4all/settings.py makes them from only these variables (and
    no .env), printed as `print(*values)` would. The module is run afresh in this process,
    under a clean environment that is put back afterwards: milliseconds, not a new Python.
    Like a process that fails to start, a refusal is a non-zero return code and its
    message on stderr (test_production_refuses_to_start_without_a_secret_key starts a real
    process, once, to show the two agree)."""
    clean = {
        "PATH": "/usr/bin:/bin",
        "EDU4ALL_VAR_DIR": "/tmp/edu4all-settings-test",
        "EDU4ALL_ENV_FILE": "/nonexistent/.env",
        **env,
    }
    with mock.patch.dict(os.environ, clean, clear=True):
        try:
            values = runpy.run_path(str(SETTINGS_FILE))
        except Exception as error:  # what a failing start would print
            if check:
                raise
            return subprocess.CompletedProcess([], 1, "", f"{type(error).__name__}: {error}")
    # A name the module leaves alone has Django's default, as django.conf.settings has.
    read = [values[name] if name in values else getattr(global_settings, name) for name in names]
    stdout = " ".join(map(str, read))
    return subprocess.CompletedProcess([], 0, stdout + "\n", "")


def settings_in_a_fresh_process(
    names: list[str], env: dict[str, str], *, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Start Django with only these variables (and no .env) and print the named settings."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        f"print(*[getattr(s, name) for name in {names!r}])"
    )
    clean = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "edu4all.settings",
        "EDU4ALL_VAR_DIR": "/tmp/edu4all-settings-test",
        "EDU4ALL_ENV_FILE": "/nonexistent/.env",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=check,
    )


def provider_with(env: dict[str, str]) -> str:
    return settings_with(["IMAGE_PROVIDER"], env).stdout.strip()


def test_the_offline_provider_is_used_when_no_key_is_configured() -> None:
    assert provider_with({}) == "offline"


def test_a_configured_key_always_wins_and_azure_before_openai() -> None:
    assert provider_with({"OPENAI_API_KEY": "sk-x"}) == "openai"
    azure = {"AZURE_OPENAI_ENDPOINT": "https://a", "AZURE_OPENAI_API_KEY": "k"}
    assert provider_with({"OPENAI_API_KEY": "sk-x", **azure}) == "azure"
    assert provider_with({"OPENAI_API_KEY": "sk-x", "IMAGE_PROVIDER": "offline"}) == "offline"


def test_production_refuses_to_start_without_a_secret_key() -> None:
    # The one smoke test in a real new process; the in-process reading must agree.
    for reading in (settings_in_a_fresh_process, settings_with):
        result = reading(["DEBUG"], {"DEBUG": "false"}, check=False)
        assert result.returncode != 0
        assert "SECRET_KEY must be set" in result.stderr


def test_a_copied_env_example_means_the_local_defaults() -> None:
    names = ["IMAGE_PROVIDER", "IMAGE_MODEL", "DEBUG", "IMAGE_CHECK_SIZE", "CELERY_BROKER_URL"]
    env = {"EDU4ALL_ENV_FILE": str(ROOT / ".env.example")}
    assert settings_with(names, env).stdout.split() == [
        "offline",
        "dall-e-3",
        "True",
        "True",
        "filesystem://",
    ]


def test_openai_without_a_base_url_defaults_to_the_current_gpt_image_model() -> None:
    result = settings_with(["IMAGE_PROVIDER", "IMAGE_MODEL"], {"OPENAI_API_KEY": "sk-x"})
    assert result.stdout.split() == ["openai", "gpt-image-2"]


def test_partial_pictures_default_to_two_and_stay_between_none_and_three() -> None:
    assert settings_with(["IMAGE_PARTIAL_IMAGES"], {}).stdout.split() == ["2"]
    assert settings_with(["IMAGE_PARTIAL_IMAGES"], {"IMAGE_PARTIAL_IMAGES": "0"}).stdout == "0\n"
    refused = settings_with(["IMAGE_PARTIAL_IMAGES"], {"IMAGE_PARTIAL_IMAGES": "4"}, check=False)
    assert refused.returncode != 0
    assert "IMAGE_PARTIAL_IMAGES must be 0 to 3, not 4." in refused.stderr
