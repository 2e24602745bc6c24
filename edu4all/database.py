"""Turn DATABASE_URL into Django's DATABASES entry (SQLite file by default).

dj-database-url reads the URL; this module adds what Edu4All needs of each database:
SQLite options a threaded worker can share, and pooled PostgreSQL connections.
"""

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# A threaded Celery worker writes to SQLite too: IMMEDIATE transactions and a busy
# timeout stop read-then-write transactions failing with "database is locked".
SQLITE_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
SUPPORTED_SCHEMES = {"sqlite", "postgres", "postgresql", "pgsql"}


def database_from_url(url: str, *, default_sqlite_path: Path) -> dict[str, Any]:
    if not url:
        return _sqlite(default_sqlite_path)
    scheme = urlparse(url).scheme
    if scheme not in SUPPORTED_SCHEMES:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with sqlite:// or postgres://, not {scheme}://."
        )
    if scheme == "sqlite":
        # sqlite:////absolute/path.sqlite3 or sqlite:///relative/path.sqlite3
        return _sqlite(Path(dj_database_url.parse(url)["NAME"]))
    # Each worker thread keeps its connection for a minute, checked before reuse.
    database = dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    database["PORT"] = str(database.get("PORT") or "")  # as Django's own settings spell it
    return database


def _sqlite(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(SQLITE_OPTIONS),
        # A file, not memory, so a real worker process can share the test database.
        "TEST": {"NAME": str(path.with_name("test-" + path.name))},
    }
