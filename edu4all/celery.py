"""The Celery app. Tasks carry only ids; the database is the source of truth."""

import os
from pathlib import Path

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "edu4all.settings")

app = Celery("edu4all")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _make_filesystem_broker_folders(**_: object) -> None:
    make_filesystem_broker_folders()


def make_filesystem_broker_folders() -> None:
    """kombu's filesystem transport needs its folders to exist before it starts."""
    options = app.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
