"""Django leaves the last request's language active in the thread (LocaleMiddleware never
deactivates it): after each test here, the rest of the suite gets the default again."""

from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def default_language_afterwards() -> Iterator[None]:
    yield
    translation.deactivate()
