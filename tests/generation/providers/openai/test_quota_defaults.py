"""The usual images-per-minute limits of OpenAI and Azure, when the admin sets none."""

from generation.providers import get_provider
from generation.quota import quota_for


def test_azure_dall_e_3_gets_its_usual_six_a_minute_unless_the_admin_sets_a_quota(settings) -> None:  # type: ignore[no-untyped-def]
    settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE = None
    settings.AZURE_OPENAI_MODEL = "dall-e-3"
    assert quota_for(get_provider("azure")).images_per_minute == 6
    assert not quota_for(get_provider("openai")).limited  # depends on the account's tier

    settings.AZURE_OPENAI_MODEL = "gpt-image-1"
    assert not quota_for(get_provider("azure")).limited

    settings.IMAGE_PROVIDER_IMAGES_PER_MINUTE = 18
    assert quota_for(get_provider("azure")).images_per_minute == 18
