"""The test suite's settings: the application's own, with what tests need made here once
(not patched into Django at import time by conftest.py).

A real Celery worker a test starts does not use this module: it runs on the
application's settings, pointed by its environment at this process's test database,
queue and media (tests/support/worker.py).
"""

import os
from pathlib import Path

from edu4all.settings import *  # noqa: F403
from edu4all.settings import DATABASES

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Messages this test process publishes go to Redis, on a queue of its own, so a real
# worker started by a test (and only that worker) picks them up.
TEST_QUEUE = f"edu4all-test-{os.getpid()}"
CELERY_BROKER_URL = TEST_REDIS_URL
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60}
CELERY_TASK_DEFAULT_QUEUE = TEST_QUEUE

# A test database per test process: a file, not memory, for SQLite so a real worker
# process can share it; on PostgreSQL so two people running the suite on one server never
# drop each other's database mid-run.
_database = DATABASES["default"]
if _database["ENGINE"].endswith("sqlite3"):
    _database["TEST"]["NAME"] = str(
        Path(_database["NAME"]).with_name(f"test-{os.getpid()}.sqlite3")
    )
elif _database["ENGINE"].endswith("postgresql"):
    _database.setdefault("TEST", {})["NAME"] = f"test_{_database['NAME']}_{os.getpid()}"

# Password hashing is deliberately slow; tests make many accounts.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
