"""docker-compose.yml: everything it names exists in the code, and it is safe to run.

No Docker engine runs here, so these read the file (and, where Debian's docker-compose
is installed, let it resolve the file) instead of starting containers.
"""

import http.server
import importlib.util
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from celery.app.utils import find_app
from django.core.management import get_commands

from tests.conftest import require_service
from tests.test_docs import APP_CODE, ROOT, variables_read_by

COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / "docker" / "env.example"
COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat", "migrate")
LONG_RUNNING = ("web", "worker", "beat", "postgres", "redis", "minio")
ONE_OFF = ("migrate", "createbucket")
# Read only by docker-compose.yml itself (${...}), never by the app.
COMPOSE_ONLY = {
    "POSTGRES_PASSWORD",
    "MINIO_ROOT_USER",
    "MINIO_ROOT_PASSWORD",
    "WEB_PORT",
    "WEB_WORKERS",
    "WORKER_CONCURRENCY",
    "EDU4ALL_IMAGE_TAG",
}
_INTERPOLATION = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(?:(:?[-?])([^}]*))?\}")
# Settings read through a helper that takes the name, e.g. edu4all/storage.py's
# `_required("AWS_STORAGE_BUCKET_NAME", "s3")`, which test_docs' pattern does not see.
_NAME_ARGUMENT = re.compile(r'[\w.]+\(\s*"([A-Z][A-Z0-9]*_[A-Z0-9_]+)"')
_SECRET_NAME = re.compile(r"PASSWORD|SECRET|_API_KEY$|^SECRET_KEY$")
# What CI writes on top of docker/env.example: the values it marks REQUIRED.
DUMMY_REQUIRED = {
    "SECRET_KEY": "ci-dummy",
    "ALLOWED_HOSTS": "ci.invalid",
    "POSTGRES_PASSWORD": "ci-dummy",
    "MINIO_ROOT_PASSWORD": "ci-dummy",
    "AWS_SECRET_ACCESS_KEY": "ci-dummy",
}


def _read_by_app() -> set[str]:
    names = variables_read_by(APP_CODE)
    for folder in APP_CODE:
        for path in (ROOT / folder).rglob("*.py"):
            names |= set(_NAME_ARGUMENT.findall(path.read_text()))
    return names


def _commands() -> list[str]:
    """Every command line in the file, healthchecks included."""
    lines = []
    for service in SERVICES.values():
        for key in ("command", "entrypoint"):
            value = service.get(key)
            if value:
                lines.append(value if isinstance(value, str) else " ".join(value))
        test = service.get("healthcheck", {}).get("test")
        if test:
            lines.append(" ".join(test[1:]))
    return lines


def _deploy_section() -> str:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Deploying for a school or district")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else len(readme)]


def _example_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_the_stack_has_every_service_with_a_healthcheck_on_each_long_running_one() -> None:
    assert set(SERVICES) == set(LONG_RUNNING) | set(ONE_OFF)
    assert [name for name in LONG_RUNNING if not SERVICES[name].get("healthcheck")] == []


def test_the_app_starts_only_after_migrations_and_the_bucket() -> None:
    for name in ONE_OFF:
        assert SERVICES[name]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        depends_on = SERVICES[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
        assert depends_on["createbucket"]["condition"] == "service_completed_successfully"
        assert depends_on["postgres"]["condition"] == "service_healthy"
        assert depends_on["redis"]["condition"] == "service_healthy"
    assert SERVICES["migrate"]["command"] == "python manage.py migrate --noinput"


def test_web_worker_beat_and_migrate_run_one_image_with_debug_off() -> None:
    images = {(SERVICES[name]["build"], SERVICES[name]["image"]) for name in APP_SERVICES}
    assert len(images) == 1
    for name in APP_SERVICES:
        assert SERVICES[name]["environment"]["DEBUG"] == "false"


def test_workers_can_be_scaled_and_beat_runs_alone() -> None:
    worker = SERVICES["worker"]
    # A fixed name or host port would make `--scale worker=N` fail on the second copy.
    assert "container_name" not in worker and "ports" not in worker
    assert "--pool=threads" in worker["command"]
    assert "deploy" not in SERVICES["beat"]


def test_every_module_path_in_a_command_imports() -> None:
    commands = _commands()
    wsgi = [m for line in commands for m in re.findall(r"gunicorn (\S+):(\w+)", line)]
    assert wsgi == [("edu4all.wsgi", "application")]
    for module, attribute in wsgi:
        assert callable(getattr(importlib.import_module(module), attribute))
    celery_apps = {m for line in commands for m in re.findall(r"celery -A (\S+)", line)}
    assert celery_apps == {"edu4all"}
    for name in celery_apps:
        assert find_app(name).main == "edu4all"
    scripts = {m for line in commands for m in re.findall(r"python (docker/\S+\.py)", line)}
    assert scripts == {"docker/healthcheck.py"}
    assert all((ROOT / script).is_file() for script in scripts)
    mounted = [v.split(":")[0] for s in SERVICES.values() for v in s.get("volumes", [])]
    assert [path for path in mounted if path.startswith("./") and not (ROOT / path).exists()] == []


def test_every_manage_py_command_named_in_the_file_and_the_readme_exists() -> None:
    text = COMPOSE_FILE.read_text() + _deploy_section()
    named = set(re.findall(r"manage\.py (\w+)", text))
    assert {"migrate", "createsuperuser"} <= named
    assert sorted(named - set(get_commands())) == []


def test_every_variable_set_for_the_app_is_one_the_app_reads() -> None:
    read_by_app = _read_by_app()
    for name in APP_SERVICES:
        set_here = set(SERVICES[name]["environment"])
        assert sorted(set_here - read_by_app) == [], name
    interpolated = {match[0] for match in _INTERPOLATION.findall(COMPOSE_FILE.read_text())}
    assert sorted(interpolated - read_by_app - COMPOSE_ONLY) == []
    assert sorted(COMPOSE_ONLY - interpolated) == [], "stale names in COMPOSE_ONLY"
    assert sorted(set(_example_values()) - read_by_app - COMPOSE_ONLY) == []


def test_variables_only_compose_reads_are_documented_in_the_readme() -> None:
    section = _deploy_section()
    assert sorted(name for name in COMPOSE_ONLY if f"`{name}`" not in section) == []


def test_no_secret_has_a_default_value() -> None:
    text = COMPOSE_FILE.read_text()
    for name, operator, default in _INTERPOLATION.findall(text):
        if _SECRET_NAME.search(name):
            assert operator == ":?" or default == "", f"{name} defaults to {default!r}"
    # Secrets reach PostgreSQL and MinIO only from .env, never written here.
    for service in SERVICES.values():
        for name, value in (service.get("environment") or {}).items():
            if _SECRET_NAME.search(name):
                assert re.fullmatch(r"\$\{\w+(:\?[^}]*|:-)\}", str(value)), name
    assert "${POSTGRES_PASSWORD:?" in SERVICES["web"]["environment"]["DATABASE_URL"]
    example = _example_values()
    secrets = {name: value for name, value in example.items() if _SECRET_NAME.search(name)}
    assert {"SECRET_KEY", "POSTGRES_PASSWORD", "MINIO_ROOT_PASSWORD"} <= set(secrets)
    assert {name: value for name, value in secrets.items() if value} == {}


def test_the_bucket_is_made_private() -> None:
    script = (ROOT / "docker" / "createbucket.sh").read_text()
    assert 'mc anonymous set none "local/$BUCKET"' in script
    assert not re.search(r"anonymous set (public|download|upload)", script)
    assert "minio" not in SERVICES or "ports" not in SERVICES["minio"]


def _run_createbucket(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """docker/createbucket.sh with a stand-in `mc` that only records its arguments."""
    (tmp_path / "mc").write_text('#!/bin/sh\necho "mc $*" >> "$MC_LOG"\n')
    (tmp_path / "mc").chmod(0o755)
    defaults = {
        "STORAGE_BACKEND": "s3",
        "ENDPOINT": "http://minio:9000",
        "BUCKET": "edu4all",
        "APP_ACCESS_KEY": "edu4all-app",
        "APP_SECRET_KEY": "long-enough-secret",
        "MINIO_ROOT_USER": "root",
        "MINIO_ROOT_PASSWORD": "root-password",
    }
    return subprocess.run(
        ["/bin/sh", str(ROOT / "docker" / "createbucket.sh")],
        env={"PATH": f"{tmp_path}:/usr/bin:/bin", "MC_LOG": str(tmp_path / "mc.log")}
        | {"TMPDIR": str(tmp_path)}
        | defaults
        | env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_createbucket_makes_a_private_bucket_and_an_account_limited_to_it(
    tmp_path: Path,
) -> None:
    result = _run_createbucket(tmp_path)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "mc.log").read_text().splitlines()
    assert "mc mb --ignore-existing local/edu4all" in calls
    assert "mc anonymous set none local/edu4all" in calls
    assert "mc admin user add local edu4all-app long-enough-secret" in calls
    assert "mc admin policy attach local edu4all-app --user edu4all-app" in calls
    assert not [call for call in calls if "readwrite" in call or "consoleAdmin" in call]
    policy = json.loads((tmp_path / "edu4all-policy.json").read_text())
    resources = {r for statement in policy["Statement"] for r in statement["Resource"]}
    assert resources == {"arn:aws:s3:::edu4all", "arn:aws:s3:::edu4all/*"}


def test_createbucket_does_nothing_for_other_storage_and_refuses_a_short_secret(
    tmp_path: Path,
) -> None:
    assert _run_createbucket(tmp_path, STORAGE_BACKEND="azure").returncode == 0
    endpoint = "https://s3.eu-west-1.amazonaws.com"
    assert _run_createbucket(tmp_path, ENDPOINT=endpoint).returncode == 0
    assert not (tmp_path / "mc.log").exists()
    short = _run_createbucket(tmp_path, APP_SECRET_KEY="short")
    assert short.returncode == 1
    assert "AWS_SECRET_ACCESS_KEY" in short.stderr
    assert not (tmp_path / "mc.log").exists()


def _compose_config(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    docker_compose = shutil.which("docker-compose")
    require_service(docker_compose is not None, "docker-compose")
    lines = ENV_EXAMPLE.read_text().splitlines()
    lines += [f"{name}={value}" for name, value in env.items()]
    (tmp_path / ".env").write_text("\n".join(lines) + "\n")
    # Only the dummy .env: no variable of this test process may leak into the result.
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    return subprocess.run(
        [str(docker_compose), "--project-directory", str(tmp_path), "-f", str(COMPOSE_FILE)]
        + ["config"],
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
        check=False,
    )


def test_docker_compose_resolves_the_file_from_env_example(tmp_path: Path) -> None:
    result = _compose_config(DUMMY_REQUIRED, tmp_path)
    assert result.returncode == 0, result.stderr
    web = yaml.safe_load(result.stdout)["services"]["web"]
    assert web["environment"]["DEBUG"] == "false"
    assert web["environment"]["DATABASE_URL"] == "postgres://edu4all:ci-dummy@postgres:5432/edu4all"
    assert web["environment"]["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert web["ports"] == ["127.0.0.1:8000:8000/tcp"]


def test_docker_compose_refuses_to_start_without_a_database_password(tmp_path: Path) -> None:
    required = {
        name: value for name, value in DUMMY_REQUIRED.items() if name != "POSTGRES_PASSWORD"
    }
    result = _compose_config(required, tmp_path)
    assert result.returncode != 0
    assert "set POSTGRES_PASSWORD in .env" in result.stderr


# --- docker/healthcheck.py ------------------------------------------------------------


def _healthcheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("healthcheck", ROOT / "docker/healthcheck.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fake_healthz() -> Iterator[tuple[str, dict[str, Any]]]:
    """A tiny /healthz on 127.0.0.1 that answers `state["status"]` and records the Host."""
    state: dict[str, Any] = {"status": 200, "hosts": []}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state["hosts"].append(self.headers["Host"])
            self.send_response(state["status"])
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/healthz", state
    server.shutdown()
    server.server_close()


def test_web_healthcheck_asks_with_a_host_django_allows(
    fake_healthz: tuple[str, dict[str, Any]],
) -> None:
    url, state = fake_healthz
    check = _healthcheck().check_web
    assert check(url, allowed_hosts=".school.org, edu.school.org") is True
    assert check(url, allowed_hosts="*") is True
    state["status"] = 503
    assert check(url, allowed_hosts="edu.school.org") is False
    assert state["hosts"] == ["school.org", "localhost", "edu.school.org"]


def test_web_healthcheck_fails_when_nothing_listens() -> None:
    assert _healthcheck().check_web("http://127.0.0.1:9/healthz", allowed_hosts="x") is False


def test_beat_healthcheck_wants_a_recently_saved_schedule(tmp_path: Path) -> None:
    healthcheck = _healthcheck()
    schedule = tmp_path / "celerybeat-schedule"
    assert healthcheck.check_beat(str(schedule)) is False
    (tmp_path / "celerybeat-schedule.dat").write_bytes(b"x")
    saved = (tmp_path / "celerybeat-schedule.dat").stat().st_mtime
    assert healthcheck.check_beat(str(schedule), now=saved + 60) is True
    assert healthcheck.check_beat(str(schedule), now=saved + 3600) is False


def test_healthcheck_script_refuses_an_unknown_check() -> None:
    assert _healthcheck().main(["healthcheck.py", "worker"]) == 2
