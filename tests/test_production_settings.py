"""Production settings (DEBUG off): a clean `check --deploy`, HTTPS, CSP, cache, JSON logs."""

import json
import logging
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from classrooms.models import User
from edu4all.logging import JsonFormatter
from tests.test_settings import settings_with

ROOT = Path(__file__).resolve().parent.parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def directives(policy: str) -> dict[str, str]:
    """A policy as its directives: the order they are written in means nothing."""
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def production_env(**extra: str) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "edu.example.org",
        # The test session's signing pair (tests/conftest.py).
        "C2PA_SIGNING_KEY_FILE": str(settings.C2PA_SIGNING_KEY_FILE),
        "C2PA_CERT_CHAIN_FILE": str(settings.C2PA_CERT_CHAIN_FILE),
        **extra,
    }


def production_setting(name: str, **extra: str) -> str:
    return settings_with([name], production_env(**extra)).stdout.strip()


def test_check_deploy_reports_nothing_with_production_settings() -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "EDU4ALL_VAR_DIR": "/tmp/edu4all-settings-test",
        "EDU4ALL_ENV_FILE": "/nonexistent/.env",
        **production_env(),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    # Silenced on purpose: HSTS preloading (security.W021, the domain owner's decision) and
    # axes.W006 (django-axes counts per username; django-ratelimit limits the address).
    assert "System check identified no issues (2 silenced)" in result.stdout


def test_production_uses_https_everywhere_by_default() -> None:
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
    ]
    result = settings_with(names, production_env())
    assert result.stdout.split() == ["True", "True", "True", "31536000", "True", "False", "None"]


def test_local_runs_keep_plain_http() -> None:
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE"]
    assert settings_with(names, {}).stdout.split() == ["False", "0", "False"]


def test_hsts_and_the_proxy_header_come_from_the_environment() -> None:
    names = [
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SILENCED_SYSTEM_CHECKS",
    ]
    env = production_env(
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="true",
        SECURE_SSL_REDIRECT="false",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    assert settings_with(names, env).stdout.strip() == (
        "600 True False ('HTTP_X_FORWARDED_PROTO', 'https') ['axes.W006']"
    )


def test_a_proxy_header_without_a_value_is_refused() -> None:
    result = settings_with(
        ["DEBUG"], production_env(SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO"), check=False
    )
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be a header and a value" in result.stderr


def test_redis_url_gives_a_shared_cache_and_sessions_stay_in_the_database() -> None:
    names = ["CACHES", "SESSION_ENGINE"]
    code = settings_with(names, {"REDIS_URL": "redis://cache.internal:6379/0"})
    assert "django.core.cache.backends.redis.RedisCache" in code.stdout
    assert "redis://cache.internal:6379/0" in code.stdout
    assert code.stdout.strip().endswith("django.contrib.sessions.backends.db")
    local = settings_with(["CACHES"], {}).stdout
    assert "LocMemCache" in local


def test_logs_are_json_lines_in_production_and_text_locally() -> None:
    assert production_setting("LOG_FORMAT") == "json"
    assert settings_with(["LOG_FORMAT"], {}).stdout.strip() == "text"


def test_the_json_formatter_writes_one_object_per_line_with_the_traceback() -> None:
    logger = logging.getLogger("edu4all.test")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "generation %s failed", (42,), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "edu4all.test"
    assert entry["message"] == "generation 42 failed"
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$", entry["time"])
    assert "ValueError: boom" in entry["exc_info"]


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy(client: Client) -> None:
    for address in ["/accounts/login/", "/admin/login/", "/healthz"]:
        response = client.get(address)
        assert directives(response["Content-Security-Policy"]) == directives(CSP), address


def test_the_admin_pages_work_under_the_policy(client: Client, admin_user: User) -> None:
    client.force_login(admin_user)
    response = client.get("/admin/classrooms/user/")
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == directives(CSP)
    # The admin's scripts are files from our own origin ('self'), never inline code.
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", html)
    assert re.search(r'<script src="/static/admin/js/[^"]+"', html)


def test_our_templates_have_no_inline_scripts_or_event_handlers() -> None:
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r"\son[a-z]+\s*=", text, re.IGNORECASE), template
        assert "javascript:" not in text, template


@pytest.mark.parametrize("name", ["C2PA_SIGNING_KEY_FILE", "C2PA_CERT_CHAIN_FILE"])
def test_production_refuses_to_start_without_the_signing_key_and_chain(name: str) -> None:
    env = production_env()
    del env[name]
    result = settings_with(["DEBUG"], env, check=False)
    assert result.returncode != 0
    assert f"{name} must be set when DEBUG is off" in result.stderr


def test_production_refuses_a_signing_key_file_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-key.pem"
    result = settings_with(
        ["DEBUG"], production_env(C2PA_SIGNING_KEY_FILE=str(missing)), check=False
    )
    assert result.returncode != 0
    assert f"C2PA_SIGNING_KEY_FILE names {missing}, and there is no such file" in result.stderr


def test_local_runs_sign_with_the_development_pair_in_var() -> None:
    names = ["C2PA_SIGNING_KEY_FILE", "C2PA_CERT_CHAIN_FILE"]
    assert settings_with(names, {}).stdout.split() == [
        "/tmp/edu4all-settings-test/c2pa/dev-signing-key.pem",
        "/tmp/edu4all-settings-test/c2pa/dev-cert-chain.pem",
    ]
