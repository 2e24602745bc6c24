"""The metaprompt's admin: a save that leaves out a safety part asks first, on a page that
says what would be lost, and the list says plainly which version is in use."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from classrooms.models import User
from generation.models import Metaprompt, SafetyAuditEntry
from generation.safety import active_metaprompt, compose_prompt
from generation.safety.metaprompt import FENCE_NOTE

pytestmark = pytest.mark.django_db

LIST = reverse("admin:generation_metaprompt_changelist")
ADD = reverse("admin:generation_metaprompt_add")
UNSAFE = "Make pictures for children. Be kind."
SAFE = "Draw gentle pictures, safe for children.\r\nNever draw: {disallow_list}"


def change_url(metaprompt: Metaprompt) -> str:
    return reverse("admin:generation_metaprompt_change", args=[metaprompt.pk])


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


class _Form(HTMLParser):
    """The hidden inputs and the submit buttons of a page's form, as a browser posts them."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: list[tuple[str, str]] = []
        self.buttons: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag != "input" or not found.get("name"):
            return
        name, value = str(found["name"]), found.get("value") or ""
        if found.get("type") == "hidden" and name != "csrfmiddlewaretoken":
            self.hidden.append((name, value))
        elif found.get("type") == "submit":
            self.buttons[value] = name


def press(client: Client, url: str, page: str, button: str) -> object:
    form = _Form()
    form.feed(page)
    data: dict[str, list[str]] = {}
    for name, value in form.hidden:
        data.setdefault(name, []).append(value)
    data[form.buttons[button]] = [button]
    return client.post(url, data)


def final_prompt() -> str:
    return compose_prompt(active_metaprompt(), "a castle", limit=4000).text


# --- A save without the safety parts asks first ---------------------------------------


def test_saving_a_text_without_safety_parts_shows_what_would_be_lost_and_saves_nothing(
    admin_client: Client,
) -> None:
    first = Metaprompt.objects.get()

    response = admin_client.post(
        change_url(first), {"text": UNSAFE, "is_active": "on", "_save": "Save"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Save this metaprompt without its safety parts?" in page
    assert "Child-safety wording. The text does not tell the image model" in page
    assert "The place for the school&#x27;s list, {disallow_list}." in page
    assert "Kept whatever you write: the sentence that tells the model" in page
    assert 'value="Save anyway"' in page
    assert list(Metaprompt.objects.values_list("version", flat=True)) == [1]
    assert not SafetyAuditEntry.objects.exists()
    # Nothing changed: the final prompt has the markers sentence and the school list.
    assert FENCE_NOTE in final_prompt()
    assert "swords, violence, blood, gore" in final_prompt()


def test_save_anyway_saves_exactly_what_was_written_audited_and_the_markers_sentence_stays(
    admin_client: Client, admin_user: User
) -> None:
    first = Metaprompt.objects.get()
    written = "Make pictures for children.\r\nBe kind."
    asked = admin_client.post(
        change_url(first), {"text": written, "is_active": "on", "_save": "Save"}
    )

    response = press(admin_client, change_url(first), asked.content.decode(), "Save anyway")

    assert response.status_code == 302 and response.url == LIST
    new = Metaprompt.objects.get(version=2)
    assert (new.text, new.is_active, new.created_by) == (written, True, admin_user)
    [entry] = SafetyAuditEntry.objects.all()
    assert entry.actor == admin_user
    assert entry.detail.split("\n", 1)[0] == (
        "version 2 (active; saved without child-safety wording and {disallow_list}, confirmed):"
    )
    prompt = final_prompt()
    assert prompt.startswith("Make pictures for children.")
    assert prompt.rsplit("\n\n<<<\n", 1)[0].endswith(FENCE_NOTE)
    assert "swords" not in prompt  # what the confirmation page said would be lost


def test_save_anyway_on_a_new_metaprompt_keeps_the_button_the_admin_pressed(
    admin_client: Client,
) -> None:
    asked = admin_client.post(ADD, {"text": UNSAFE, "_continue": "Save and continue editing"})

    response = press(admin_client, ADD, asked.content.decode(), "Save anyway")

    new = Metaprompt.objects.get(version=2)
    assert response.status_code == 302 and response.url == change_url(new)
    assert not new.is_active  # the add form's box was left unticked


def test_a_text_with_its_safety_parts_is_saved_at_once(admin_client: Client) -> None:
    response = admin_client.post(
        change_url(Metaprompt.objects.get()), {"text": SAFE, "is_active": "on"}
    )

    assert response.status_code == 302
    assert Metaprompt.objects.get(version=2).text == SAFE


def test_a_form_with_a_mistake_shows_the_mistake_not_the_confirmation(admin_client: Client) -> None:
    response = admin_client.post(ADD, {"text": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert "Save anyway" not in page


def test_switching_on_an_older_version_without_safety_parts_asks_first(
    admin_client: Client,
) -> None:
    spare = Metaprompt.objects.create(text="Draw kindly.", is_active=False)

    response = admin_client.post(change_url(spare), {"text": spare.text, "is_active": "on"})

    assert response.status_code == 200 and "Save anyway" in response.content.decode()
    spare.refresh_from_db()
    assert not spare.is_active
    assert active_metaprompt().version == 1


def test_switching_off_a_version_without_safety_parts_does_not_ask(admin_client: Client) -> None:
    spare = Metaprompt.objects.create(text="Draw kindly.")

    response = admin_client.post(change_url(spare), {"text": spare.text})

    assert response.status_code == 302
    spare.refresh_from_db()
    assert not spare.is_active


def test_a_teacher_is_sent_to_sign_in_and_nothing_is_saved_or_shown(
    client: Client, teacher: User
) -> None:
    client.force_login(teacher)
    first = Metaprompt.objects.get()

    asked = client.post(change_url(first), {"text": UNSAFE, "is_active": "on"})
    confirmed = client.post(
        change_url(first), {"text": UNSAFE, "is_active": "on", "_save_anyway": "Save anyway"}
    )
    listed = client.get(LIST)

    for response in (asked, confirmed, listed):
        assert response.status_code == 302 and "login" in response.url
    assert list(Metaprompt.objects.values_list("version", flat=True)) == [1]


def test_staff_who_may_only_look_at_metaprompts_are_refused_the_confirmation(
    client: Client,
) -> None:
    viewer = User.objects.create_user(username="clerk", password="pass-word-123", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_metaprompt"))
    client.force_login(viewer)
    first = Metaprompt.objects.get()

    response = client.post(change_url(first), {"text": UNSAFE, "is_active": "on"})

    assert response.status_code == 403
    assert "Save anyway" not in response.content.decode()
    assert Metaprompt.objects.count() == 1


# --- Which version is in use -------------------------------------------------------------


def _statuses(page: str) -> dict[str, str]:
    """Each version's status cell in the list, by version number."""

    class Rows(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.rows: dict[str, str] = {}
            self._cell = ""
            self._version = ""
            self._text = ""

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("th", "td"):
                self._cell = dict(attrs).get("class") or ""
                self._text = ""

        def handle_data(self, data: str) -> None:
            self._text += data

        def handle_endtag(self, tag: str) -> None:
            if tag in ("th", "td") and "field-version" in self._cell:
                self._version = self._text.strip()
            if tag == "td" and "field-status" in self._cell:
                self.rows[self._version] = self._text.strip()

    rows = Rows()
    rows.feed(page)
    return rows.rows


def test_the_list_says_in_use_for_exactly_the_version_pictures_are_framed_by(
    admin_client: Client,
) -> None:
    Metaprompt.objects.create(text=SAFE)  # 2: newest switched on, so in use
    Metaprompt.objects.create(text="A draft.", is_active=False)  # 3

    statuses = _statuses(admin_client.get(LIST).content.decode())

    assert active_metaprompt().version == 2
    assert statuses == {
        "3": "Switched off, not in use",
        "2": "In use",
        "1": "Older version, not in use",
    }


@pytest.mark.parametrize(("version", "says"), [
    (1, "Older version, not in use. Version 2 is the one in use."),
    (2, "In use: new pictures are framed by this version."),
    (3, "Switched off, not in use. Version 2 is the one in use."),
])  # fmt: skip
def test_each_versions_page_agrees_with_the_list(
    admin_client: Client, version: int, says: str
) -> None:
    Metaprompt.objects.create(text=SAFE)
    Metaprompt.objects.create(text="A draft.", is_active=False)

    page = admin_client.get(change_url(Metaprompt.objects.get(version=version))).content.decode()

    assert says in page


def test_with_every_version_switched_off_the_list_shows_the_default_that_will_be_used(
    admin_client: Client,
) -> None:
    Metaprompt.objects.update(is_active=False)

    statuses = _statuses(admin_client.get(LIST).content.decode())

    assert list(statuses.values()).count("In use") == 1
    assert statuses[str(active_metaprompt().version)] == "In use"


def test_the_list_reads_the_same_number_of_queries_for_5_and_50_versions(
    admin_client: Client,
) -> None:
    def queries_with(versions: int) -> int:
        Metaprompt.objects.bulk_create(
            Metaprompt(version=Metaprompt.objects.count() + n + 1, text=SAFE)
            for n in range(versions - Metaprompt.objects.count())
        )
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(LIST).status_code == 200
        return len(queries)

    assert queries_with(5) == queries_with(50)


def test_the_confirmation_and_the_statuses_read_in_spanish(
    admin_client: Client, admin_user: User
) -> None:
    admin_user.language = "es"
    admin_user.save()
    first = Metaprompt.objects.get()

    asked = admin_client.post(change_url(first), {"text": UNSAFE, "is_active": "on"}).content
    listed = admin_client.get(LIST).content

    assert "¿Guardar este metaprompt sin sus partes de seguridad?" in asked.decode()
    assert "Las palabras sobre la seguridad infantil." in asked.decode()
    assert 'value="Guardar de todos modos"' in asked.decode()
    assert _statuses(listed.decode()) == {"1": "En uso"}
