"""Turn DATABASE_URL into Django's DATABASES entry (SQLite file by default)."""

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

# A threaded Celery worker writes to SQLite too: IMMEDIATE transactions and a busy
# timeout stop read-then-write transactions failing with "database is locked".
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_from_url(url: str, *, default_sqlite_path: Path) -> dict[str, Any]:
    if not url:
        return _sqlite(default_sqlite_path)
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:////absolute/path.sqlite3 or sqlite:///relative/path.sqlite3
        raw = parsed.path[1:] if parsed.path.startswith("//") else parsed.path.lstrip("/")
        return _sqlite(Path(unquote(raw)))
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://, not {parsed.scheme}://."
    )


def _sqlite(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(SQLITE_OPTIONS),
        # A file, not memory, so a real worker process can share the test database.
        "TEST": {"NAME": str(path.with_name("test-" + path.name))},
    }
