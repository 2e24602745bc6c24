"""A throwaway site for the benchmarks: its own PostgreSQL database, media folder, Redis
queue and fake image API on 127.0.0.1, all removed afterwards.

Used by bench_burst.py and bench_quota.py; nothing here is timed.
"""

import contextlib
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import redis  # noqa: E402

from tests.support import fake_image_api  # noqa: E402

POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")


@dataclass
class BenchSite:
    run_id: str
    env: dict[str, str]
    media_root: Path
    temp: Path
    api: fake_image_api.FakeImageAPI
    queues: list[str]

    def queue(self, label: str) -> str:
        """A Redis queue of the run's own, removed at the end."""
        name = f"edu4all-bench-{self.run_id}-{label}"
        self.queues.append(name)
        return name


@contextlib.contextmanager
def bench_site(png: bytes, **extra_env: str) -> Iterator[BenchSite]:
    """Set Django up on a fresh database pointed at a fake OpenAI API serving `png`."""
    # Every picture the fake API hands out (base64 or link) is this one.
    fake_image_api.png_bytes = lambda size="1024x1024", color=None: png
    api = fake_image_api.FakeImageAPI(latency_seconds=0).start()
    run_id = uuid.uuid4().hex[:10]
    database = f"edu4all_bench_{run_id}"
    temp = Path(tempfile.mkdtemp(prefix="edu4all-bench-"))
    media_root = temp / "media"
    media_root.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "edu4all.settings",
        "EDU4ALL_ENV_FILE": str(temp / "no.env"),  # a developer's .env must not leak in
        "DATABASE_URL": f"{POSTGRES_SERVER}/{database}",
        "REDIS_URL": REDIS_URL,
        "CELERY_QUEUE": f"edu4all-bench-{run_id}",
        "MEDIA_ROOT": str(media_root),
        "IMAGE_PROVIDER": "openai",
        "OPENAI_API_KEY": "sk-bench",
        "OPENAI_BASE_URL": f"{api.base_url}/v1",
        "IMAGE_MODEL": "dall-e-3",
        # The worker signs every picture (C2PA): a development pair of the run's own.
        "C2PA_SIGNING_KEY_FILE": str(temp / "c2pa" / "signing-key.pem"),
        "C2PA_CERT_CHAIN_FILE": str(temp / "c2pa" / "cert-chain.pem"),
        **extra_env,
    }
    os.environ.update(env)
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    site = BenchSite(run_id, env, media_root, temp, api, [])
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from generation.provenance.keys import write_dev_pair

        write_dev_pair(
            key_file=Path(env["C2PA_SIGNING_KEY_FILE"]),
            chain_file=Path(env["C2PA_CERT_CHAIN_FILE"]),
        )

        call_command("migrate", verbosity=0)
        yield site
    finally:
        from django.db import connections

        connections.close_all()
        api.stop()
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        client = redis.Redis.from_url(REDIS_URL)
        for queue in site.queues:
            for key in client.scan_iter(match=f"*{queue}*"):
                client.delete(key)
        for key in client.scan_iter(match="edu4all:images-per-minute:*"):
            if api.base_url in key.decode():
                client.delete(key)
        # The workers' remote-control bindings leave this index behind; the database is
        # the benchmark's own, so once no binding is left, neither should the index be.
        if not list(client.scan_iter(match="_kombu.binding.*")):
            client.delete("_kombu.binding_deadlines")
        client.close()
        shutil.rmtree(temp, ignore_errors=True)
