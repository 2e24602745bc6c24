"""A parent, without an account, reads what the school's Edu4All keeps about their child."""

from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from classrooms.models import User


def test_a_parent_without_an_account_reads_what_is_kept_and_for_how_long(
    client: Client, settings, db: None
) -> None:  # type: ignore[no-untyped-def]
    settings.RETENTION_DAYS = 45

    page = client.get(reverse("families"))

    assert page.status_code == 200
    assertContains(page, "deleted 45 days after the decision")
    assertContains(page, "Classmates see a picture only after a teacher approves it")
    assertContains(page, "Ask the school")


def test_the_page_says_what_goes_to_the_image_service(client: Client, settings, db: None) -> None:  # type: ignore[no-untyped-def]
    offline = client.get(reverse("families"))
    assertContains(offline, "nothing leaves it")

    settings.IMAGE_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-test-not-real"
    online = client.get(reverse("families"))
    assertContains(online, "Pictures are made by: OpenAI.")
    assertContains(online, "never receives a name")
    assertNotContains(online, "nothing leaves it")


def test_every_page_links_to_it_in_its_footer(client: Client, student: User) -> None:
    link = f'href="{reverse("families")}"'
    assertContains(client.get(reverse("login")), link)
    client.force_login(student)
    assertContains(client.get(reverse("student_classes")), link)
