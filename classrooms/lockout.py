"""Limits on guessing passwords at sign-in and class join codes.

- One username: django-axes refuses it after LOCKOUT_FAILURES_PER_USERNAME wrong
  passwords, for LOCKOUT_MINUTES (settings.AXES_*).
- One address: django-ratelimit counts wrong passwords for any username. A school's
  classroom shares one public address, so this limit is several times higher: five
  children's typos must not lock the whole class out.
- Join codes: django-ratelimit counts wrong codes per address and per signed-in student.
Once over a limit, even a right password or code is refused until the time is up.
"""

import ipaddress
from collections.abc import Iterable
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone
from django_ratelimit.core import get_usage

_SIGN_IN_BY_ADDRESS = "sign-in-by-address"
_JOIN_CODE_BY_ADDRESS = "join-code-by-address"
_JOIN_CODE_BY_STUDENT = "join-code-by-student"


def client_address(request: HttpRequest) -> str:
    """The address a request came from: CLIENT_ADDRESS_HEADER when a reverse proxy sets it
    (otherwise every child would share the proxy's address), else REMOTE_ADDR."""
    header = settings.CLIENT_ADDRESS_HEADER
    candidates = [request.META.get(header, "") if header else "", request.META.get("REMOTE_ADDR")]
    for value in candidates:
        try:
            return str(ipaddress.ip_address(str(value or "").strip()))
        except ValueError:
            continue
    return "0.0.0.0"  # no usable address: such requests share one count


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The name django-axes counts failures under: "Ana " and "ana" are one child."""
    source = credentials if credentials is not None else request.POST
    username = source.get("username")
    return username.strip().lower() if isinstance(username, str) else None


def _rate(limit: int) -> str:
    return f"{limit}/{settings.LOCKOUT_MINUTES}m"


def _is_over(request: HttpRequest, *, group: str, key: str, limit: int) -> bool:
    usage = get_usage(request, group=group, key=key, rate=_rate(limit), increment=False)
    # None: django-ratelimit is switched off. A cache that cannot answer reports limit 0,
    # so it refuses (fails closed).
    return usage is not None and usage["count"] >= usage["limit"]


def _count(request: HttpRequest, *, group: str, key: str, limit: int) -> None:
    get_usage(request, group=group, key=key, rate=_rate(limit), increment=True)


class AddressLimitBackend:
    """An authentication backend that signs no one in: it refuses every sign-in from an
    address that has had too many wrong passwords lately (any usernames)."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        if request is not None and _is_over(
            request,
            group=_SIGN_IN_BY_ADDRESS,
            key="ip",
            limit=settings.LOCKOUT_FAILURES_PER_ADDRESS,
        ):
            # django-axes' middleware turns this flag into the lockout page, and its
            # handler then does not count the refused try against the username.
            request.axes_locked_out = True  # type: ignore[attr-defined]
            raise PermissionDenied
        return None

    def get_user(self, user_id: int) -> None:
        return None


def count_wrong_password(
    sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any
) -> None:
    """user_login_failed: count a wrong password against the address it came from."""
    # A try refused by a limit never had its password checked, so it is not a guess.
    if request is None or getattr(request, "axes_locked_out", False):
        return
    _count(
        request, group=_SIGN_IN_BY_ADDRESS, key="ip", limit=settings.LOCKOUT_FAILURES_PER_ADDRESS
    )


def join_code_refused(request: HttpRequest) -> bool:
    """Has this address, or this signed-in student, typed too many wrong join codes?"""
    if _is_over(
        request,
        group=_JOIN_CODE_BY_ADDRESS,
        key="ip",
        limit=settings.LOCKOUT_FAILURES_PER_ADDRESS,
    ):
        return True
    return request.user.is_authenticated and _is_over(
        request,
        group=_JOIN_CODE_BY_STUDENT,
        key="user",
        limit=settings.LOCKOUT_FAILURES_PER_USERNAME,
    )


def join_code_failed(request: HttpRequest) -> None:
    _count(
        request,
        group=_JOIN_CODE_BY_ADDRESS,
        key="ip",
        limit=settings.LOCKOUT_FAILURES_PER_ADDRESS,
    )
    if request.user.is_authenticated:
        _count(
            request,
            group=_JOIN_CODE_BY_STUDENT,
            key="user",
            limit=settings.LOCKOUT_FAILURES_PER_USERNAME,
        )


def sign_in_locked_usernames(usernames: Iterable[str]) -> set[str]:
    """Which of these usernames django-axes refuses right now, in one query."""
    by_key = {name.strip().lower(): name for name in usernames}
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    locked = (
        AccessAttempt.objects.filter(username__in=list(by_key), attempt_time__gte=since)
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )
    return {by_key[key] for key in locked}


def sign_in_unlock(*, username: str) -> int:
    """Let this username sign in again at once (django-axes' own reset)."""
    return reset(username=username.strip().lower())
