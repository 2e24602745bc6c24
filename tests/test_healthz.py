"""/healthz: a probe for load balancers, open to anyone, naming only what is broken."""

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from edu4all import health
from edu4all.celery import app as celery_app
from tests.conftest import require_service
from tests.worker import redis_is_up

pytestmark = pytest.mark.django_db


@pytest.mark.redis
def test_everything_reachable_answers_200_without_logging_in(client: Client) -> None:
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]
    # The storage probe cleans up after itself.
    assert default_storage.listdir("healthz")[1] == []


def test_an_unreachable_broker_answers_503_naming_only_the_broker(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 1: the refusal is immediate, and the URL carries a password
    # that must not leak into the answer.
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://:s3cret@127.0.0.1:1/0")
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "error", "storage": "ok"}
    assert b"s3cret" not in response.content
    assert b"127.0.0.1" not in response.content


def test_a_storage_that_refuses_writes_answers_503(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("AccessDenied for bucket edu4all-private")

    monkeypatch.setattr(default_storage, "save", refuse)
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "ok", "storage": "error"}
    assert b"edu4all-private" not in response.content


def test_a_database_that_fails_answers_503(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def down() -> None:
        raise OSError("could not connect to server")

    monkeypatch.setitem(health.CHECKS, "database", down)
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"database": "error", "broker": "ok", "storage": "ok"}


def test_healthz_is_not_redirected_to_https_in_production(client: Client, settings: object) -> None:
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    assert client.get("/accounts/login/").status_code == 301
    assert client.get(reverse("healthz")).status_code in {200, 503}


def test_only_get_is_allowed(client: Client) -> None:
    assert client.post(reverse("healthz")).status_code == 405
