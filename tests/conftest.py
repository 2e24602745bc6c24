"""People, classes and services shared by the whole suite.

Under CI=true a test that needs Redis, PostgreSQL or the browser fails instead of
skipping, so a missing service can never pass quietly.
"""

import os
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

from classrooms.models import Assignment, Classroom, User
from generation.models import Generation
from generation.provenance.keys import write_dev_pair
from tests.support.factories import GenerationFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
SERVICE_MARKERS = ("redis", "postgres", "browser", "storage")
# Made in tests/settings.py; here for the tests and helpers that name them.
TEST_REDIS_URL: str = django_settings.TEST_REDIS_URL
TEST_QUEUE: str = django_settings.TEST_QUEUE
_database = django_settings.DATABASES["default"]
# The SQLite test database is a file in var/ (a real worker shares it); a fresh checkout
# has no var/ until something makes it, and the first test to open the database may be
# any test at all.
if _database["ENGINE"].endswith("sqlite3"):
    Path(_database["TEST"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def postgres_is_up(database: dict[str, object]) -> bool:
    """Can we log in to the server's maintenance database (where pytest-django starts)?"""
    import psycopg

    try:
        with psycopg.connect(
            dbname="postgres",
            user=str(database.get("USER") or "") or None,
            password=str(database.get("PASSWORD") or "") or None,
            host=str(database.get("HOST") or "") or None,
            port=str(database.get("PORT") or "") or None,
            connect_timeout=3,
        ):
            return True
    except psycopg.OperationalError:
        return False


@pytest.fixture(autouse=True, scope="session")
def postgres_when_configured() -> None:
    """With a postgres DATABASE_URL (`make test`'s second run) the server must answer."""
    if _database["ENGINE"].endswith("postgresql"):
        require_service(postgres_is_up(_database), "PostgreSQL (DATABASE_URL)")


def require_service(available: bool, what: str) -> None:
    """A test that needs a missing service fails (a skipped test would prove nothing).

    Everything these tests need runs on the development machines and in CI; `.ci/run`
    shows how to install what may be missing (Chromium, azurite).
    """
    if not available:
        pytest.fail(f"{what} is not available: start or install it (see README, 'make test').")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    needs = [name for name in SERVICE_MARKERS if item.get_closest_marker(name)]
    if IN_CI and report.skipped and needs:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, but needs {', '.join(needs)}: {report.longrepr}"


@pytest.fixture(autouse=True, scope="session")
def c2pa_signing_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One development signing pair per test process: every picture a test stores is
    signed with it, and a real worker a test starts inherits it through the environment."""
    folder = tmp_path_factory.mktemp("c2pa")
    key_file, chain_file = folder / "signing-key.pem", folder / "cert-chain.pem"
    write_dev_pair(key_file=key_file, chain_file=chain_file)
    os.environ["C2PA_SIGNING_KEY_FILE"] = str(key_file)
    os.environ["C2PA_CERT_CHAIN_FILE"] = str(chain_file)
    django_settings.C2PA_SIGNING_KEY_FILE = key_file
    django_settings.C2PA_CERT_CHAIN_FILE = chain_file
    return key_file, chain_file


@pytest.fixture(autouse=True)
def media_in_tmp(settings: object, tmp_path: Path) -> Path:
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media  # type: ignore[attr-defined]
    return media


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The guessing limits count in Django's cache (per-process memory here): every test
    starts from no failed tries, so one test's wrong passwords never refuse another's.

    django-ratelimit counts in fixed 15-minute windows whose edge falls at a different
    second for each address; its clock stands still in a test, so a test that happens to
    run across an edge does not see its count start again.
    """
    import django_ratelimit.core
    from django.core.cache import cache

    started = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: started))
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def offline_provider_by_default(settings: object) -> None:
    settings.IMAGE_PROVIDER = "offline"  # type: ignore[attr-defined]
    settings.IMAGE_MODEL = "dall-e-3"  # type: ignore[attr-defined]


def _user(username: str, role: str, **extra: object) -> User:
    return User.objects.create_user(
        username=username,
        password="pass-word-123",
        role=role,
        display_name=username.title(),
        **extra,
    )


@pytest.fixture
def teacher(db: None) -> User:
    return _user("ms_rivera", User.Role.TEACHER)


@pytest.fixture
def other_teacher(db: None) -> User:
    return _user("mr_stone", User.Role.TEACHER)


@pytest.fixture
def student(db: None) -> User:
    return _user("ana", User.Role.STUDENT)


@pytest.fixture
def classmate(db: None) -> User:
    return _user("ben", User.Role.STUDENT)


@pytest.fixture
def outsider(db: None) -> User:
    """A student in another teacher's class."""
    return _user("zoe", User.Role.STUDENT)


@pytest.fixture
def admin_user(db: None) -> User:
    return User.objects.create_superuser(
        username="principal", password="pass-word-123", email="", role=User.Role.ADMIN
    )


@pytest.fixture
def classroom(teacher: User, student: User, classmate: User) -> Classroom:
    classroom = Classroom.objects.create(name="Class 5B")
    classroom.teachers.add(teacher)
    classroom.students.add(student, classmate)
    return classroom


@pytest.fixture
def other_classroom(other_teacher: User, outsider: User) -> Classroom:
    classroom = Classroom.objects.create(name="Class 6A")
    classroom.teachers.add(other_teacher)
    classroom.students.add(outsider)
    return classroom


@pytest.fixture
def assignment(classroom: Classroom, teacher: User) -> Assignment:
    return Assignment.objects.create(
        classroom=classroom,
        title="A monument in a new setting",
        instructions="Draw a famous monument somewhere surprising.",
        allowed_orientations=["square", "landscape"],
        allowed_qualities=["standard"],
        allowed_styles=["vivid", "natural"],
        created_by=teacher,
    )


@pytest.fixture
def queued(student: User, assignment: Assignment) -> Generation:
    """A picture a student asked for, waiting for the worker (as generation_submit leaves it)."""
    return GenerationFactory(
        student=student,
        assignment=assignment,
        prompt="the Colosseum full of cats",
        options={"orientation": "square", "quality": "standard", "style": "vivid"},
    )


@pytest.fixture
def other_assignment(other_classroom: Classroom, other_teacher: User) -> Assignment:
    return Assignment.objects.create(
        classroom=other_classroom, title="Dinosaurs at school", created_by=other_teacher
    )


@pytest.fixture
def school_defaults(transactional_db: None) -> None:
    """Tests that flush the database (real worker, browser) get back what the migrations
    seed in every real database: the shipped lists and the metaprompt."""
    from generation.safety import active_metaprompt
    from generation.safety.defaults import ensure_default_lists

    ensure_default_lists()
    active_metaprompt()


def signs_in(username: str, password: str) -> bool:
    """Can this person sign in? Asked through the real sign-in page, as a child would (the
    test client's login() skips the request django-axes needs)."""
    from django.test import Client
    from django.urls import reverse

    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def sqlite_test_database() -> str:
    return str(django_settings.DATABASES["default"]["NAME"])
