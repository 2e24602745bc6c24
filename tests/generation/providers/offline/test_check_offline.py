"""`manage.py check_provider` with the offline preview: no network, and what to switch on."""

import io
from typing import Any

import pytest
from django.core.management import call_command

from generation.diagnosis import Verdict, provider_check

OPENAI_KEY = "sk-test-check-provider-4f2a"


def run_command(*args: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    try:
        call_command("check_provider", *args, stdout=out, no_color=True)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    else:
        code = 0
    return code, out.getvalue().splitlines()


def test_the_offline_preview_works_and_names_the_settings_that_switch_on_a_real_model(
    settings: Any,
) -> None:
    settings.OPENAI_API_KEY = ""
    settings.AZURE_OPENAI_API_KEY = ""

    verdict = provider_check()

    assert verdict.ok and verdict.verdict == Verdict.WORKS
    assert "offline preview" in verdict.message
    assert "OPENAI_API_KEY" in verdict.message and "AZURE_OPENAI_ENDPOINT" in verdict.message


@pytest.mark.parametrize(
    ("variable", "provider"), [("OPENAI_API_KEY", "openai"), ("AZURE_OPENAI_API_KEY", "azure")]
)
def test_the_offline_preview_says_when_it_hides_a_configured_key(
    settings: Any, variable: str, provider: str
) -> None:
    settings.OPENAI_API_KEY = ""
    settings.AZURE_OPENAI_ENDPOINT = "https://school.openai.azure.com/"
    settings.AZURE_OPENAI_API_KEY = ""
    setattr(settings, variable, OPENAI_KEY)

    verdict = provider_check()

    assert verdict.ok
    assert verdict.message == (
        f"The offline preview is on although {variable} is set, because IMAGE_PROVIDER is "
        f"'offline': remove IMAGE_PROVIDER or set it to {provider} to use the real model."
    )


def test_the_command_prints_the_verdict_and_what_it_checked_then_exits_0(
    settings: Any,
) -> None:
    settings.OPENAI_API_KEY = ""
    settings.AZURE_OPENAI_API_KEY = ""

    code, lines = run_command()

    assert code == 0
    assert lines[0].startswith("works: The offline preview is on")
    assert lines[1] == "Checked: offline preview, no network"
