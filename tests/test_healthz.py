"""/healthz: a probe for load balancers, open to anyone; what is broken is named only to
monitoring (the configured token) and admins."""

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from edu4all import health
from edu4all.celery import app as celery_app
from tests.conftest import require_service
from tests.support.worker import redis_is_up

pytestmark = pytest.mark.django_db

MONITORING_TOKEN = "monitoring-token-for-tests"


@pytest.fixture(autouse=True)
def monitoring(settings: object) -> None:
    settings.HEALTHZ_TOKEN = MONITORING_TOKEN  # type: ignore[attr-defined]
    cache.clear()  # each test starts with no remembered storage check


@pytest.fixture
def client(client: Client) -> Client:
    """The monitoring system's probe: it sends the token, so it is told each part."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {MONITORING_TOKEN}"
    return client


@pytest.mark.redis
def test_everything_reachable_answers_200_without_logging_in(client: Client) -> None:
    require_service(redis_is_up(), "Redis on 127.0.0.1:6379")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "storage": "ok"}
    assert "no-cache" in response["Cache-Control"]
    # The storage probe cleans up after itself.
    assert default_storage.listdir("healthz")[1] == []


def test_an_anonymous_caller_is_told_only_the_overall_status(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    response = Client().get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_an_anonymous_caller_of_a_broken_site_gets_503_and_no_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://:s3cret@127.0.0.1:1/0")
    response = Client().get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


@pytest.mark.parametrize("authorization", ["Bearer wrong-token", "Basic " + MONITORING_TOKEN, ""])
def test_a_wrong_token_is_told_only_the_overall_status(
    authorization: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    response = Client(HTTP_AUTHORIZATION=authorization).get(reverse("healthz"))
    assert response.json() == {"status": "ok"}


def test_without_a_configured_token_no_token_opens_the_detail(
    settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.HEALTHZ_TOKEN = ""  # type: ignore[attr-defined]
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    response = Client(HTTP_AUTHORIZATION="Bearer ").get(reverse("healthz"))
    assert response.json() == {"status": "ok"}


def test_a_signed_in_admin_sees_each_part(
    admin_user: object, teacher: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    staff, other = Client(), Client()
    staff.force_login(admin_user)  # type: ignore[arg-type]
    other.force_login(teacher)  # type: ignore[arg-type]
    assert staff.get(reverse("healthz")).json() == {
        "database": "ok",
        "broker": "ok",
        "storage": "ok",
    }
    assert other.get(reverse("healthz")).json() == {"status": "ok"}


def test_probes_do_not_write_to_storage_every_time(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    writes: list[str] = []
    real_save = default_storage.save

    def counting_save(name: str, *args: object, **kwargs: object) -> str:
        writes.append(name)
        return real_save(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(default_storage, "save", counting_save)
    for _ in range(5):
        assert client.get(reverse("healthz")).json()["storage"] == "ok"
    assert len(writes) == 1


def test_a_failed_storage_check_is_tried_again_on_the_next_probe(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    real_save = default_storage.save
    calls: list[str] = []

    def fail_once(name: str, *args: object, **kwargs: object) -> str:
        calls.append(name)
        if len(calls) == 1:
            raise PermissionError("AccessDenied")
        return real_save(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(default_storage, "save", fail_once)
    assert client.get(reverse("healthz")).json()["storage"] == "error"
    assert client.get(reverse("healthz")).json()["storage"] == "ok"
    assert len(calls) == 2


def test_a_database_outage_still_answers_503_to_a_signed_in_admin(
    admin_user: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down() -> None:
        raise OSError("could not connect to server")

    monkeypatch.setitem(health.CHECKS, "database", down)
    monkeypatch.setitem(health.CHECKS, "broker", lambda: None)
    staff = Client()
    staff.force_login(admin_user)  # type: ignore[arg-type]
    response = staff.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "error"}


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
