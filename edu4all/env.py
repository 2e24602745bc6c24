"""Typed readers for environment variables that fail loudly on bad values.

An empty value counts as unset, so a copied `.env.example` means the defaults.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def env_str(name: str, default: str = "") -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env_optional_int(name)
    return default if value is None else value


def env_optional_int(name: str) -> int | None:
    """A whole number, or None when unset (so the code can pick a default that depends
    on other settings at the time it is used)."""
    value = _raw(name)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_required(name: str) -> str:
    value = _raw(name)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set when DEBUG is off.")
    return value


def env_existing_file(name: str, value: str) -> Path:
    """`value`, the path `name` gives, if a file is there now (a key, a certificate)."""
    path = Path(value)
    if not path.is_file():
        raise ImproperlyConfigured(f"{name} names {path}, and there is no such file.")
    return path
