"""`manage.py check_provider` and its admin page, against a real local fake of the API."""

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from classrooms.models import User
from generation.diagnosis import TEST_PROMPT, Verdict, provider_check
from generation.models import Generation
from tests.support.fake_image_api import FakeModelsAPI, ScriptedReply, openai_error
from tests.support.ports import free_port

OPENAI_KEY = "sk-test-check-provider-4f2a"
AZURE_KEY = "azure-test-key-0000000000009d3c"
PROMPT_TOO_SHORT = openai_error(
    "invalid_value", "Invalid value for 'prompt': it must not be empty."
)


@pytest.fixture
def fake_api() -> Iterator[FakeModelsAPI]:
    api = FakeModelsAPI().start()
    yield api
    api.stop()


@pytest.fixture
def openai_settings(settings: Any, fake_api: FakeModelsAPI) -> FakeModelsAPI:
    settings.IMAGE_PROVIDER = "openai"
    settings.OPENAI_API_KEY = OPENAI_KEY
    settings.OPENAI_BASE_URL = f"{fake_api.base_url}/v1"
    settings.IMAGE_MODEL = "gpt-image-2"
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 5
    return fake_api


@pytest.fixture
def azure_settings(settings: Any, fake_api: FakeModelsAPI) -> FakeModelsAPI:
    settings.IMAGE_PROVIDER = "azure"
    settings.AZURE_OPENAI_ENDPOINT = fake_api.base_url
    settings.AZURE_OPENAI_API_KEY = AZURE_KEY
    settings.AZURE_OPENAI_DEPLOYMENT = "classroom-images"
    settings.AZURE_OPENAI_API_VERSION = "2024-02-01"
    settings.AZURE_OPENAI_MODEL = "dall-e-3"
    settings.IMAGE_PROVIDER_TIMEOUT_SECONDS = 5
    return fake_api


def headers_of(request: dict[str, Any]) -> dict[str, str]:
    return {name.lower(): value for name, value in request["headers"].items()}


def run_command(*args: str) -> tuple[int, list[str]]:
    out = io.StringIO()
    try:
        call_command("check_provider", *args, stdout=out, no_color=True)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    else:
        code = 0
    return code, out.getvalue().splitlines()


def assert_one_line_without_keys(message: str) -> None:
    assert "\n" not in message
    assert OPENAI_KEY not in message and AZURE_KEY not in message


# --- Settings that are wrong before any call ---------------------------------


def test_azure_without_a_key_is_misconfigured_without_any_network_call(
    azure_settings: FakeModelsAPI, settings: Any
) -> None:
    settings.AZURE_OPENAI_API_KEY = ""

    verdict = provider_check()

    assert verdict.verdict == Verdict.MISCONFIGURED and not verdict.ok
    assert verdict.message == (
        "IMAGE_PROVIDER is 'azure' but AZURE_OPENAI_API_KEY is empty: set it in the environment."
    )
    assert azure_settings.requests == []


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"IMAGE_PROVIDER": "dalle"}, "IMAGE_PROVIDER is 'dalle'"),
        ({"IMAGE_PROVIDER": "openai", "OPENAI_API_KEY": ""}, "OPENAI_API_KEY is empty"),
        ({"IMAGE_PROVIDER": "openai", "OPENAI_BASE_URL": "localhost:8080/v1"}, "OPENAI_BASE_URL"),
        ({"IMAGE_PROVIDER": "azure", "AZURE_OPENAI_ENDPOINT": "x.openai.azure.com"}, "full URL"),
        (
            {"AZURE_OPENAI_ENDPOINT": "", "AZURE_OPENAI_DEPLOYMENT": ""},
            "AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT are empty: set them",
        ),
        (
            {
                "AZURE_OPENAI_ENDPOINT": "https://school.openai.azure.com/openai/deployments/"
                "dall-e-3/images/generations?api-version=2024-02-01"
            },
            "set it to https://school.openai.azure.com/ and the deployment name",
        ),
    ],
    ids=[
        "unknown-provider",
        "openai-without-key",
        "base-url-without-scheme",
        "azure-endpoint-without-scheme",
        "azure-missing-two",
        "azure-endpoint-pasted-with-path",
    ],
)
def test_each_misconfiguration_is_explained_in_one_line_before_any_call(
    azure_settings: FakeModelsAPI, settings: Any, changes: dict[str, str], named: str
) -> None:
    settings.OPENAI_API_KEY = OPENAI_KEY
    for name, value in changes.items():
        setattr(settings, name, value)

    verdict = provider_check()

    assert verdict.verdict == Verdict.MISCONFIGURED
    assert named in verdict.message
    assert_one_line_without_keys(verdict.message)
    assert azure_settings.requests == []


# --- OpenAI and compatible servers ----------------------------------------------------------


def test_openai_works_when_the_model_exists_and_the_empty_prompt_is_turned_down(
    openai_settings: FakeModelsAPI,
) -> None:
    openai_settings.reply_next(400, PROMPT_TOO_SHORT)

    verdict = provider_check()

    assert verdict.ok
    assert verdict.message == (
        f"The server at {openai_settings.base_url}/v1 accepted the key ending in '4f2a' "
        "and serves the model 'gpt-image-2'."
    )
    lookup, probe = openai_settings.requests
    assert lookup["path"] == "/v1/models/gpt-image-2"
    assert headers_of(lookup)["authorization"] == f"Bearer {OPENAI_KEY}"
    assert probe["path"] == "/v1/images/generations"
    assert probe["json"] == {"model": "gpt-image-2", "prompt": "", "n": 1}


def test_openai_with_a_bad_key_says_to_check_openai_api_key(
    openai_settings: FakeModelsAPI,
) -> None:
    openai_settings.reply_next_get(
        401, openai_error("invalid_api_key", f"Incorrect API key provided: {OPENAI_KEY}.")
    )

    verdict = provider_check()

    assert verdict.verdict == Verdict.BAD_KEY
    assert verdict.message == (
        f"The server at {openai_settings.base_url}/v1 refused the key ending in '4f2a' "
        "(HTTP 401): check OPENAI_API_KEY."
    )
    assert len(openai_settings.requests) == 1


@pytest.mark.parametrize(
    "lookup",
    [
        ScriptedReply(403, openai_error("insufficient_permissions", "Missing scope model.read")),
        ScriptedReply(404, openai_error("not_found", "No such route")),
    ],
    ids=["key-may-not-read-models", "server-has-no-models-route"],
)
def test_when_the_model_lookup_cannot_answer_the_image_route_decides(
    openai_settings: FakeModelsAPI, lookup: ScriptedReply
) -> None:
    openai_settings.model_replies.append(lookup)
    openai_settings.reply_next(400, PROMPT_TOO_SHORT)

    verdict = provider_check()

    assert verdict.ok
    assert [request["path"] for request in openai_settings.requests] == [
        "/v1/models/gpt-image-2",
        "/v1/images/generations",
    ]


def test_a_key_the_server_echoes_back_is_blanked_out_of_the_verdict(
    openai_settings: FakeModelsAPI,
) -> None:
    openai_settings.reply_next(
        403, openai_error("forbidden", f"Key {OPENAI_KEY} may not use the images API.")
    )

    verdict = provider_check()

    assert verdict.verdict == Verdict.BAD_KEY
    assert verdict.message == (
        f"The server at {openai_settings.base_url}/v1 accepted the key ending in '4f2a' but "
        "refused to make pictures with it (HTTP 403: forbidden: Key *** may not use the images "
        "API.): check OPENAI_API_KEY's permissions and the organisation's verification."
    )


def test_a_retired_model_is_named_with_the_newest_image_model_the_server_lists(
    openai_settings: FakeModelsAPI, settings: Any
) -> None:
    settings.IMAGE_MODEL = "dall-e-3"
    del openai_settings.models["dall-e-3"]
    openai_settings.models["gpt-image-1.5"] = 1770000000
    del openai_settings.models["gpt-image-2"]

    verdict = provider_check()

    assert verdict.verdict == Verdict.RETIRED_MODEL
    assert verdict.message == (
        "The model 'dall-e-3' is retired, unknown or not open to this key on the server at "
        f"{openai_settings.base_url}/v1: set IMAGE_MODEL to a current model such as "
        "gpt-image-1.5."
    )
    assert [request["path"] for request in openai_settings.requests] == [
        "/v1/models/dall-e-3",
        "/v1/models",
    ]


def test_a_model_refused_by_the_image_route_is_reported_as_retired(
    openai_settings: FakeModelsAPI,
) -> None:
    # Still listed, but the image route no longer takes it (how a shutdown can look).
    openai_settings.reply_next(
        404, openai_error("model_not_found", "The model `gpt-image-2` has been deprecated.")
    )

    verdict = provider_check()

    assert verdict.verdict == Verdict.RETIRED_MODEL
    assert "set IMAGE_MODEL to a current model such as gpt-image-1." in verdict.message


def test_a_compatible_server_without_an_image_route_points_at_openai_base_url(
    openai_settings: FakeModelsAPI, settings: Any
) -> None:
    settings.OPENAI_BASE_URL = openai_settings.base_url  # forgot the /v1
    # What a server answers for /images/generations without its /v1 prefix.
    openai_settings.reply_next(404, openai_error("not_found", "No such route"))

    verdict = provider_check()

    assert verdict.verdict == Verdict.MISCONFIGURED
    assert verdict.message == (
        f"The server at {openai_settings.base_url} has no image route (HTTP 404 on "
        "/images/generations): check OPENAI_BASE_URL (it usually ends in /v1)."
    )


def test_an_unreachable_compatible_server_says_to_check_openai_base_url(
    openai_settings: FakeModelsAPI, settings: Any
) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    settings.OPENAI_BASE_URL = url

    verdict = provider_check()

    assert verdict.verdict == Verdict.UNREACHABLE
    assert verdict.message.startswith(f"Could not reach {url} (")
    assert verdict.message.endswith("): check OPENAI_BASE_URL and the network.")
    assert openai_settings.requests == []


# --- Azure --------------------------------------------------------------------------------


def test_azure_works_when_the_empty_prompt_is_turned_down_by_the_deployment(
    azure_settings: FakeModelsAPI,
) -> None:
    azure_settings.reply_next(400, PROMPT_TOO_SHORT)

    verdict = provider_check()

    assert verdict.ok
    assert verdict.message == (
        "Azure accepted the key ending in '9d3c' and found the deployment 'classroom-images' "
        "(it turned down the empty test prompt, so no picture was made and nothing was billed)."
    )
    (probe,) = azure_settings.requests
    assert probe["path"] == (
        "/openai/deployments/classroom-images/images/generations?api-version=2024-02-01"
    )
    assert headers_of(probe)["api-key"] == AZURE_KEY
    assert probe["json"]["prompt"] == ""


def test_azure_with_a_bad_key_says_to_check_azure_openai_api_key(
    azure_settings: FakeModelsAPI,
) -> None:
    azure_settings.reply_next(
        401, openai_error("401", "Access denied due to invalid subscription key.")
    )

    verdict = provider_check()

    assert verdict.verdict == Verdict.BAD_KEY
    assert verdict.message == (
        "Azure refused the key ending in '9d3c' (HTTP 401): check AZURE_OPENAI_API_KEY, and "
        "that it belongs to the resource at AZURE_OPENAI_ENDPOINT."
    )


def test_azure_with_an_unknown_deployment_names_the_deployment_and_the_endpoint(
    azure_settings: FakeModelsAPI, settings: Any
) -> None:
    settings.AZURE_OPENAI_DEPLOYMENT = "dalle-three"
    settings.AZURE_OPENAI_API_VERSION = "2025-04-01-preview"
    azure_settings.reply_next(
        404,
        openai_error("DeploymentNotFound", "The API deployment for this resource does not exist."),
    )

    verdict = provider_check()

    assert verdict.verdict == Verdict.UNKNOWN_DEPLOYMENT
    assert verdict.message == (
        f"The deployment 'dalle-three' does not exist at {azure_settings.base_url}: check "
        "AZURE_OPENAI_DEPLOYMENT (the deployment's name, not the model's)."
    )
    (probe,) = azure_settings.requests
    assert probe["path"] == (
        "/openai/deployments/dalle-three/images/generations?api-version=2025-04-01-preview"
    )
    assert headers_of(probe)["api-key"] == AZURE_KEY


def test_an_azure_404_without_a_deployment_code_also_suggests_the_api_version(
    azure_settings: FakeModelsAPI,
) -> None:
    azure_settings.reply_next(404, openai_error("404", "Resource not found"))

    verdict = provider_check()

    assert verdict.verdict == Verdict.UNKNOWN_DEPLOYMENT
    assert "AZURE_OPENAI_API_VERSION ('2024-02-01')" in verdict.message


# --- A real picture -------------------------------------------------------------------------


@pytest.mark.django_db
def test_generate_makes_one_small_real_picture_and_stores_nothing(
    openai_settings: FakeModelsAPI, media_in_tmp: Path
) -> None:
    openai_settings.reply_next(400, PROMPT_TOO_SHORT)

    code, lines = run_command("--generate")

    assert code == 0
    assert lines[0].startswith("works: Made a 1024x1024 test picture of ")
    assert lines[0].endswith(" bytes with openai (gpt-image-2); nothing was saved.")
    picture = openai_settings.requests[-1]
    assert picture["json"]["prompt"] == TEST_PROMPT
    assert picture["json"]["size"] == "1024x1024"
    assert Generation.objects.count() == 0
    assert list(media_in_tmp.iterdir()) == []


def test_generate_reports_a_refused_test_picture_as_filtered(
    openai_settings: FakeModelsAPI,
) -> None:
    openai_settings.reply_next(400, PROMPT_TOO_SHORT)
    openai_settings.reply_next(
        400, openai_error("content_policy_violation", "Your request was rejected.")
    )

    verdict = provider_check(generate=True)

    assert verdict.verdict == Verdict.FILTERED
    assert "content_policy_violation" in verdict.message


# --- The command ----------------------------------------------------------------------------


def test_the_command_exits_1_with_one_line_naming_the_setting_when_the_key_is_bad(
    openai_settings: FakeModelsAPI,
) -> None:
    openai_settings.reply_next_get(401, openai_error("invalid_api_key", "Incorrect API key."))

    code, lines = run_command()

    assert code == 1
    assert lines[0].startswith("bad key: ") and lines[0].endswith("check OPENAI_API_KEY.")
    assert lines[1] == (
        f"Checked: openai, model gpt-image-2, {openai_settings.base_url}/v1, "
        "the key ending in '4f2a'"
    )
    assert all(OPENAI_KEY not in line for line in lines)


# --- The admin page -------------------------------------------------------------------------


def test_staff_see_the_configuration_and_get_the_verdict_after_pressing_check(
    client: Any, admin_user: User, azure_settings: FakeModelsAPI
) -> None:
    azure_settings.reply_next(
        404,
        openai_error("DeploymentNotFound", "The API deployment for this resource does not exist."),
    )
    client.force_login(admin_user)
    url = reverse("admin_check_provider")

    page = client.get(url)
    assert page.status_code == 200
    assert (
        "deployment classroom-images (model dall-e-3), api-version 2024-02-01"
        in page.content.decode()
    )
    # Azure's DALL-E 3 deployments allow about 6 a minute unless the admin says otherwise.
    assert "6 pictures a minute, one every 10.1 s" in page.content.decode()
    assert azure_settings.requests == []

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(url, 302)]
    content = response.content.decode()
    assert (
        "Unknown deployment: The deployment &#x27;classroom-images&#x27; does not exist" in content
    )
    assert AZURE_KEY not in content
    assert len(azure_settings.requests) == 1


def test_the_admin_home_page_links_to_the_check(client: Any, admin_user: User) -> None:
    client.force_login(admin_user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="{reverse("admin_check_provider")}"' in content
    assert "Check the image provider" in content
    assert 'id="content-main"' in content  # the usual app list is still there


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_teacher_cannot_open_or_run_the_check(
    client: Any, teacher: User, azure_settings: FakeModelsAPI, method: str
) -> None:
    client.force_login(teacher)
    url = reverse("admin_check_provider")

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert azure_settings.requests == []


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_the_admin_login(
    client: Any, azure_settings: FakeModelsAPI
) -> None:
    url = reverse("admin_check_provider")

    response = client.post(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"
    assert azure_settings.requests == []
