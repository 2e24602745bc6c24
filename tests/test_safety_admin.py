"""The admin's safety tools: audited lists and settings, import and export, try a prompt."""

import csv
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from classrooms.models import Assignment, Classroom, User
from generation.models import (
    DisallowedTerm,
    Generation,
    Metaprompt,
    SafetyAuditEntry,
    SafetySettings,
)
from generation.safety.bulk import terms_export_csv
from generation.safety.terms import terms_import

Action = SafetyAuditEntry.Action
TERMS = reverse("admin:generation_disallowedterm_changelist")
METAPROMPTS = reverse("admin:generation_metaprompt_changelist")
IMPORT = reverse("admin_disallow_list_import")
TRY = reverse("admin_try_prompt")


def export_url(fmt: str) -> str:
    return reverse("admin_disallow_list_export", args=[fmt])


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


def list_edit(rows: list[tuple[int, bool]]) -> dict[str, object]:
    """What the admin list page posts when its "active" checkboxes are saved."""
    data: dict[str, object] = {
        "form-TOTAL_FORMS": len(rows),
        "form-INITIAL_FORMS": len(rows),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for index, (pk, active) in enumerate(rows):
        data[f"form-{index}-id"] = pk
        if active:
            data[f"form-{index}-is_active"] = "on"
    return data


def only_audit_entry() -> SafetyAuditEntry:
    [entry] = SafetyAuditEntry.objects.all()
    return entry


# --- Audit trail of disallowed terms -------------------------------------------------


def test_adding_a_term_in_the_admin_records_who_added_which_term(
    admin_client: Client, admin_user: User
) -> None:
    response = admin_client.post(
        reverse("admin:generation_disallowedterm_add"),
        {"term": "  Zombie   Attack ", "language": "en", "is_active": "on"},
    )
    assert response.status_code == 302
    term = DisallowedTerm.objects.get(term="zombie attack")
    assert term.created_by == admin_user
    entry = only_audit_entry()
    assert (entry.actor, entry.action, entry.subject, entry.classroom, entry.detail) == (
        admin_user,
        Action.ADDED,
        "disallowed term",
        None,
        "zombie attack",
    )


def test_adding_a_term_that_differs_only_in_case_is_refused_without_an_audit_entry(
    admin_client: Client,
) -> None:
    response = admin_client.post(
        reverse("admin:generation_disallowedterm_add"),
        {"term": "BLOOD", "language": "en", "is_active": "on"},
    )
    assert response.status_code == 200  # the form again, with the error
    assert DisallowedTerm.objects.filter(term="blood").count() == 1
    assert not SafetyAuditEntry.objects.exists()


def test_adding_an_emoji_or_symbol_term_in_the_admin_saves_it(admin_client: Client) -> None:
    for term in ("🔫", "$$$"):
        response = admin_client.post(
            reverse("admin:generation_disallowedterm_add"),
            {"term": term, "language": "en", "is_active": "on"},
        )
        assert response.status_code == 302
    assert DisallowedTerm.objects.filter(term__in=["🔫", "$$$"]).count() == 2


def test_adding_punctuation_alone_in_the_admin_is_refused_because_it_would_block_nothing(
    admin_client: Client,
) -> None:
    before = DisallowedTerm.objects.count()

    response = admin_client.post(
        reverse("admin:generation_disallowedterm_add"),
        {"term": "!!", "language": "en", "is_active": "on"},
    )

    assert response.status_code == 200  # the form again, with the error
    assert "it would block nothing" in response.content.decode()
    assert DisallowedTerm.objects.count() == before
    assert not SafetyAuditEntry.objects.exists()


def test_adding_a_term_to_a_class_list_records_the_class(
    admin_client: Client, classroom: Classroom
) -> None:
    admin_client.post(
        reverse("admin:generation_disallowedterm_add"),
        {"term": "spiders", "language": "en", "classroom": classroom.pk, "is_active": "on"},
    )
    entry = only_audit_entry()
    assert (entry.action, entry.classroom, entry.detail) == (Action.ADDED, classroom, "spiders")


def test_switching_a_term_off_in_the_list_records_the_change(
    admin_client: Client, admin_user: User
) -> None:
    gore = DisallowedTerm.objects.get(term="gore")
    response = admin_client.post(TERMS, list_edit([(gore.pk, False)]))
    assert response.status_code == 302
    gore.refresh_from_db()
    assert gore.is_active is False
    entry = only_audit_entry()
    assert (entry.actor, entry.action) == (admin_user, Action.CHANGED)
    assert entry.detail == "gore: active: on → off"


def test_saving_the_list_without_changes_records_nothing(admin_client: Client) -> None:
    gore = DisallowedTerm.objects.get(term="gore")
    admin_client.post(TERMS, list_edit([(gore.pk, True)]))
    assert not SafetyAuditEntry.objects.exists()


def test_editing_a_term_records_the_old_and_new_words(
    admin_client: Client, classroom: Classroom
) -> None:
    swords = DisallowedTerm.objects.get(term="swords")
    response = admin_client.post(
        reverse("admin:generation_disallowedterm_change", args=[swords.pk]),
        {"term": "Sword", "language": "en", "classroom": classroom.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    entry = only_audit_entry()
    assert entry.action == Action.CHANGED
    assert entry.classroom == classroom
    assert entry.detail == "sword: term: swords → sword; class: (none) → Class 5B"


def test_deleting_a_term_records_which_term_was_removed(
    admin_client: Client, admin_user: User
) -> None:
    gore = DisallowedTerm.objects.get(term="gore")
    response = admin_client.post(
        reverse("admin:generation_disallowedterm_delete", args=[gore.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not DisallowedTerm.objects.filter(term="gore").exists()
    entry = only_audit_entry()
    assert (entry.actor, entry.action, entry.detail) == (admin_user, Action.REMOVED, "gore")


def test_deleting_several_terms_at_once_records_one_entry_per_list(
    admin_client: Client, classroom: Classroom
) -> None:
    spiders = DisallowedTerm.objects.create(term="spiders", classroom=classroom)
    school = DisallowedTerm.objects.filter(term__in=["gore", "blood"])
    selected = [spiders.pk, *school.values_list("pk", flat=True)]
    response = admin_client.post(
        TERMS, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    )
    assert response.status_code == 302
    assert not DisallowedTerm.objects.filter(pk__in=selected).exists()
    entries = {e.classroom: e for e in SafetyAuditEntry.objects.all()}
    assert set(entries) == {None, classroom}
    assert all(e.action == Action.REMOVED for e in entries.values())
    assert entries[None].detail == "2 from the school-wide list: blood, gore"
    assert entries[classroom].detail == "1 from the list of Class 5B: spiders"


# --- Audit trail of metaprompts and settings -----------------------------------------


def test_a_new_metaprompt_version_records_its_number_and_full_text(
    admin_client: Client, admin_user: User
) -> None:
    first = Metaprompt.objects.get()
    text = "Draw only gentle pictures, safe for children.\nNever: {disallow_list}"
    admin_client.post(
        reverse("admin:generation_metaprompt_change", args=[first.pk]),
        {"text": text, "is_active": "on"},
    )
    new = Metaprompt.objects.get(version=2)
    entry = only_audit_entry()
    assert (entry.actor, entry.action, entry.subject) == (admin_user, Action.ADDED, "metaprompt")
    assert entry.detail == f"version 2 (active):\n{new.text}"
    assert new.text == text


def test_adding_a_metaprompt_in_the_admin_records_it_as_a_new_version(
    admin_client: Client, admin_user: User
) -> None:
    admin_client.post(
        reverse("admin:generation_metaprompt_add"),
        {"text": "Only pictures fit for children: kind and safe. {disallow_list}"},
    )
    assert Metaprompt.objects.get(version=2).created_by == admin_user
    entry = only_audit_entry()
    assert (entry.action, entry.detail) == (
        Action.ADDED,
        "version 2 (switched off):\nOnly pictures fit for children: kind and safe. {disallow_list}",
    )


def test_switching_a_metaprompt_off_in_its_form_is_not_a_new_version(admin_client: Client) -> None:
    first = Metaprompt.objects.get()
    admin_client.post(
        reverse("admin:generation_metaprompt_change", args=[first.pk]), {"text": first.text}
    )
    assert list(Metaprompt.objects.values_list("version", "is_active")) == [(1, False)]
    assert only_audit_entry().detail == "version 1: active: on → off"


def test_deleting_an_unused_metaprompt_version_records_its_text(admin_client: Client) -> None:
    spare = Metaprompt.objects.create(text="A spare version.", is_active=False)
    admin_client.post(
        reverse("admin:generation_metaprompt_delete", args=[spare.pk]), {"post": "yes"}
    )
    assert not Metaprompt.objects.filter(pk=spare.pk).exists()
    entry = only_audit_entry()
    assert (entry.action, entry.detail) == (Action.REMOVED, "version 2:\nA spare version.")


def test_the_metaprompt_page_shows_which_terms_the_frame_carries_and_how_many_are_left_out(
    admin_client: Client,
) -> None:
    DisallowedTerm.objects.bulk_create(DisallowedTerm(term=f"forbidden {n}") for n in range(500))
    total = DisallowedTerm.objects.filter(classroom__isnull=True, is_active=True).count()

    response = admin_client.get(
        reverse("admin:generation_metaprompt_change", args=[Metaprompt.objects.get().pk])
    )

    html = response.content.decode()
    carried = re.findall(
        r"<code>([^<]*)</code>", html.split('id="frame-terms"')[1].split("</span>")[0]
    )
    assert "Terms the frame carries" in html
    assert carried[:4] == ["swords", "violence", "blood", "gore"]
    assert "forbidden 499" not in carried
    assert f"{total - len(carried)} of the school&#x27;s {total} active terms are left out" in html
    assert "Every term is still checked before anything is sent" in html


def test_a_metaprompt_without_a_place_for_the_list_says_it_carries_no_terms(
    admin_client: Client,
) -> None:
    plain = Metaprompt.objects.create(text="Draw kindly.", is_active=False)

    response = admin_client.get(reverse("admin:generation_metaprompt_change", args=[plain.pk]))

    assert "this version has no {disallow_list} place for them" in response.content.decode()


def test_changing_safety_settings_records_each_changed_switch_old_and_new(
    admin_client: Client, admin_user: User
) -> None:
    row = SafetySettings.current()
    response = admin_client.post(
        reverse("admin:generation_safetysettings_change", args=[row.pk]),
        {
            "image_moderation_enabled": "on",
            "notify_after_blocked_attempts": "3",
            # The per-student limits (issue 10) are required numbers; left as they were.
            "pictures_per_student_per_minute": "10",
            "pictures_per_student_per_day": "100",
            "show_stopped_words": "on",  # issue 12: left as it was
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.moderation_enabled, row.image_moderation_enabled) == (False, True)
    entry = only_audit_entry()
    assert (entry.actor, entry.action, entry.subject) == (
        admin_user,
        Action.CHANGED,
        "safety settings",
    )
    assert entry.detail == (
        "check prompts with OpenAI moderation: on → off; "
        "check finished pictures with OpenAI moderation before review: off → on"
    )


def test_safety_settings_open_as_their_one_row_with_no_add_or_delete(
    admin_client: Client,
) -> None:
    response = admin_client.get(reverse("admin:generation_safetysettings_changelist"))
    row = SafetySettings.objects.get()
    assert response.url == reverse("admin:generation_safetysettings_change", args=[row.pk])
    assert admin_client.get(reverse("admin:generation_safetysettings_add")).status_code == 403
    delete = reverse("admin:generation_safetysettings_delete", args=[row.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert SafetySettings.objects.count() == 1
    change_page = admin_client.get(response.url).content.decode()
    assert "deletelink" not in change_page


def test_the_audit_trail_can_be_read_filtered_and_searched_but_not_edited(
    admin_client: Client, admin_user: User, classroom: Classroom
) -> None:
    admin_client.post(TERMS, list_edit([(DisallowedTerm.objects.get(term="gore").pk, False)]))
    DisallowedTerm.objects.create(term="spiders", classroom=classroom)
    admin_client.post(
        reverse(
            "admin:generation_disallowedterm_delete",
            args=[DisallowedTerm.objects.get(term="spiders").pk],
        ),
        {"post": "yes"},
    )
    trail = reverse("admin:generation_safetyauditentry_changelist")
    found = admin_client.get(trail, {"q": "gore", "action__exact": "changed"})
    assert found.status_code == 200
    assert list(found.context["cl"].result_list) == [
        SafetyAuditEntry.objects.get(action=Action.CHANGED)
    ]
    by_class = admin_client.get(trail, {"classroom__id__exact": classroom.pk})
    assert [e.detail for e in by_class.context["cl"].result_list] == ["spiders"]
    entry = SafetyAuditEntry.objects.get(action=Action.CHANGED)
    change = reverse("admin:generation_safetyauditentry_change", args=[entry.pk])
    assert admin_client.get(change).status_code == 200  # read-only view
    assert admin_client.post(change, {"detail": "rewritten"}).status_code == 403
    assert admin_client.get(reverse("admin:generation_safetyauditentry_add")).status_code == 403
    delete = reverse("admin:generation_safetyauditentry_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.detail == "gore: active: on → off"


# --- Import ----------------------------------------------------------------------------

MESSY_TEXT = (
    "\ufeff# Words for the spring term\r\n"
    "Zombies\r\n"
    "\r\n"
    "  haunted   house  \r\n"
    "zombies\r\n"
    "gore\r\n" + "x" * 101 + "\r\n"
    "# the end\r\n"
)


def test_importing_pasted_terms_adds_the_new_ones_and_counts_the_rest(
    admin_client: Client, admin_user: User
) -> None:
    before = DisallowedTerm.objects.count()
    response = admin_client.post(IMPORT, {"text": MESSY_TEXT, "language": "en"}, follow=True)
    assert {"zombies", "haunted house"} <= set(
        DisallowedTerm.objects.values_list("term", flat=True)
    )
    assert DisallowedTerm.objects.count() == before + 2
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == ("Imported into School-wide list: 2 added, 2 already there, 1 skipped.")
    assert shown[1].startswith("Skipped lines 7:")
    entry = only_audit_entry()
    assert (entry.actor, entry.action, entry.classroom) == (admin_user, Action.IMPORTED, None)
    assert entry.detail.endswith("Added: zombies, haunted house")


def test_importing_a_csv_file_reads_its_columns(admin_client: Client) -> None:
    upload = SimpleUploadedFile(
        "terms.csv",
        (
            "\ufeffTerm,Language,Active\r\n"
            "tiburón gigante,es,true\r\n"
            '"monsters, big",,yes\r\n'
            "ghosts,en,false\r\n"
            "bats,en,maybe\r\n"
            "'=1+1,en,true\r\n"
        ).encode(),
        content_type="text/csv",
    )
    admin_client.post(IMPORT, {"upload": upload, "language": "en"})
    rows = set(
        DisallowedTerm.objects.filter(
            term__in=["tiburón gigante", "monsters, big", "ghosts", "bats", "=1+1"]
        ).values_list("term", "language", "is_active")
    )
    assert rows == {
        ("tiburón gigante", "es", True),
        ("monsters, big", "en", True),
        ("ghosts", "en", False),
        ("=1+1", "en", True),
    }
    entry = only_audit_entry()
    assert "4 added, 0 already there, 1 skipped" in entry.detail


def test_importing_into_a_class_list_leaves_the_school_list_alone(
    admin_client: Client, classroom: Classroom
) -> None:
    school_before = list(DisallowedTerm.objects.filter(classroom=None).values_list("term"))
    response = admin_client.post(
        IMPORT, {"text": "spiders\ngore\n", "language": "en", "classroom": classroom.pk}
    )
    assert response.url == f"{TERMS}?classroom__id__exact={classroom.pk}"
    assert sorted(
        DisallowedTerm.objects.filter(classroom=classroom).values_list("term", flat=True)
    ) == [
        "gore",
        "spiders",
    ]
    assert list(DisallowedTerm.objects.filter(classroom=None).values_list("term")) == school_before
    entry = only_audit_entry()
    assert entry.classroom == classroom
    assert entry.detail.startswith("Imported into the list of Class 5B: 2 added")


def test_importing_switches_a_switched_off_term_back_on(admin_client: Client) -> None:
    DisallowedTerm.objects.filter(term="gore").update(is_active=False)
    admin_client.post(IMPORT, {"text": "gore", "language": "en"})
    assert DisallowedTerm.objects.get(term="gore").is_active
    assert "Added: gore (switched on)" in only_audit_entry().detail


def test_importing_nothing_new_adds_no_audit_entry(admin_client: Client) -> None:
    admin_client.post(IMPORT, {"text": "gore\nblood\n", "language": "en"})
    assert not SafetyAuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({}, "Paste some terms or choose a file."),
        ({"text": "   \n"}, "Paste some terms or choose a file."),
        (
            {"text": "zombies", "upload": SimpleUploadedFile("t.txt", b"ghosts")},
            "Paste the terms or choose a file, not both.",
        ),
        (
            {"upload": SimpleUploadedFile("t.txt", "ghosts".encode("utf-16"))},
            "The file is not UTF-8 text.",
        ),
    ],
    ids=["nothing", "blank", "both", "not-utf8"],
)
def test_an_import_form_with_a_problem_says_so_and_saves_nothing(
    admin_client: Client, data: dict[str, object], error: str
) -> None:
    before = DisallowedTerm.objects.count()
    response = admin_client.post(IMPORT, {"language": "en", **data})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert DisallowedTerm.objects.count() == before
    assert not SafetyAuditEntry.objects.exists()


def lines(*rows: str) -> bytes:
    return "".join(f"{row}\n" for row in rows).encode()


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (
            lines("zombies", "ghosts", "x" * 200_000, "bats"),
            "Line 3 is 200,000 characters long, and a term has at most 100.",
        ),
        (
            lines("term,language", "zombies,en", "x" * 200_000 + ",en"),
            "Line 3 is 200,003 characters long, and a term has at most 100.",
        ),
        (lines("zombies", "gho\x00sts"), "Line 2 holds a control character (such as a NUL byte)"),
        (lines("term", "zombies", "\x00"), "Line 3 holds a control character (such as a NUL byte)"),
        ("zombies\ntiburón\n".encode("latin-1"), "The file is not UTF-8 text."),
        (
            lines(*(f"monster {n}" for n in range(20_001))),
            "The list has 20,001 lines; at most 20,000 can be imported at once.",
        ),
    ],
    ids=["long-line", "long-csv-cell", "nul", "nul-in-csv", "latin-1", "too-many-lines"],
)
def test_a_file_that_is_not_a_list_of_terms_is_refused_whole_with_a_clear_message(
    admin_client: Client, content: bytes, error: str
) -> None:
    before = DisallowedTerm.objects.count()
    upload = SimpleUploadedFile("terms.txt", content, content_type="text/plain")

    response = admin_client.post(IMPORT, {"upload": upload, "language": "en"})

    assert response.status_code == 400
    assert error in response.content.decode()
    assert "Nothing was imported." in response.content.decode()
    assert DisallowedTerm.objects.count() == before
    assert not DisallowedTerm.objects.filter(term="zombies").exists()
    assert not SafetyAuditEntry.objects.exists()


def test_pasted_text_with_a_nul_byte_is_refused_and_saves_nothing(admin_client: Client) -> None:
    before = DisallowedTerm.objects.count()

    response = admin_client.post(IMPORT, {"text": "zombies\ngho\x00sts\n", "language": "en"})

    assert response.status_code == 400
    assert DisallowedTerm.objects.count() == before


def test_the_import_service_itself_refuses_a_text_with_a_nul_byte_and_saves_nothing(
    admin_user: User,
) -> None:
    before = DisallowedTerm.objects.count()

    with pytest.raises(ValidationError) as refused:
        terms_import(actor=admin_user, text="zombies\nghosts\x00\n")

    assert refused.value.code == "control_character"
    assert DisallowedTerm.objects.count() == before


def test_importing_symbol_terms_keeps_them_and_skips_punctuation_alone(
    admin_client: Client,
) -> None:
    response = admin_client.post(
        IMPORT, {"text": "🔫\n$$$\n!!!\n...\nzombies\n", "language": "en"}, follow=True
    )

    shown = [str(m) for m in response.context["messages"]]
    assert shown[0].endswith("3 added, 0 already there, 2 skipped.")
    assert shown[1].startswith("Skipped lines 3, 4:")
    assert DisallowedTerm.objects.filter(term__in=["🔫", "$$$", "zombies"]).count() == 3
    assert not DisallowedTerm.objects.filter(term__in=["!!!", "..."]).exists()


def test_a_line_just_over_the_term_length_is_skipped_and_named_while_the_rest_imports(
    admin_client: Client,
) -> None:
    response = admin_client.post(
        IMPORT, {"text": "zombies\n" + "x" * 101 + "\nghosts\n", "language": "en"}, follow=True
    )

    shown = [str(m) for m in response.context["messages"]]
    assert shown[0].endswith("2 added, 0 already there, 1 skipped.")
    assert shown[1].startswith("Skipped lines 2:")
    assert "longer than 100 characters" in shown[1]


def test_an_exported_csv_imports_back_into_another_list_unchanged(
    admin_user: User, classroom: Classroom, other_classroom: Classroom
) -> None:
    for term, active in [("spiders", True), ("@home", True), ("ghosts", False)]:
        DisallowedTerm.objects.create(term=term, classroom=classroom, is_active=active)
    exported = terms_export_csv(classroom=classroom)
    result = terms_import(actor=admin_user, text=exported, classroom=other_classroom)
    assert (result.added, result.already_there, result.skipped_invalid) == (3, 0, 0)
    assert terms_export_csv(classroom=other_classroom) == exported


# --- Export ----------------------------------------------------------------------------


def test_exporting_the_school_list_as_text_gives_its_active_terms_sorted(
    admin_client: Client,
) -> None:
    DisallowedTerm.objects.filter(term="gore").update(is_active=False)
    response = admin_client.get(export_url("txt"))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="disallow-list-school.txt"'
    lines = response.content.decode().splitlines()
    active = DisallowedTerm.objects.filter(classroom=None, is_active=True)
    assert lines == sorted(active.values_list("term", flat=True))
    assert "blood" in lines and "gore" not in lines


def test_exporting_a_class_list_as_csv_gives_every_term_with_language_and_state(
    admin_client: Client, classroom: Classroom
) -> None:
    DisallowedTerm.objects.create(term="spiders", classroom=classroom)
    DisallowedTerm.objects.create(term="arañas", language="es", classroom=classroom)
    DisallowedTerm.objects.create(term="=cmd", classroom=classroom, is_active=False)
    response = admin_client.get(export_url("csv"), {"classroom": classroom.pk})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="disallow-list-class-{classroom.pk}-class-5b.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["term", "language", "active"],
        ["'=cmd", "en", "false"],  # a spreadsheet must not run it as a formula
        ["arañas", "es", "true"],
        ["spiders", "en", "true"],
    ]


def test_exporting_an_unknown_format_or_class_is_not_found(admin_client: Client) -> None:
    assert admin_client.get(export_url("xlsx")).status_code == 404
    assert admin_client.get(export_url("txt"), {"classroom": "999"}).status_code == 404
    assert admin_client.get(export_url("txt"), {"classroom": "abc"}).status_code == 404


def test_the_term_list_links_to_import_export_and_try_a_prompt(
    admin_client: Client, classroom: Classroom
) -> None:
    page = admin_client.get(TERMS).content.decode()
    for url in (IMPORT, TRY, export_url("txt"), export_url("csv")):
        assert f'href="{url}"' in page
    filtered = admin_client.get(TERMS, {"classroom__id__exact": classroom.pk}).content.decode()
    assert f'href="{export_url("csv")}?classroom={classroom.pk}"' in filtered


def test_the_admin_home_links_to_the_safety_tools(admin_client: Client) -> None:
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert f'href="{TRY}"' in page and f'href="{IMPORT}"' in page
    assert 'id="image-provider-module"' in page  # the box that was there stays


# --- Try a prompt ----------------------------------------------------------------------


def test_trying_a_prompt_with_a_school_term_says_which_rule_blocks_it(
    admin_client: Client,
) -> None:
    response = admin_client.post(TRY, {"prompt": "a knight with Swords in a castle"})
    assert response.context["verdict"] == "Would be blocked by School disallow list: swords"
    assert "Would be blocked by School disallow list: swords" in response.content.decode()


def test_trying_a_harmless_prompt_says_the_lists_would_allow_it(admin_client: Client) -> None:
    response = admin_client.post(TRY, {"prompt": "the Eiffel Tower on the Moon"})
    assert response.context["verdict"] == (
        "Would be allowed by the disallow lists (moderation and the image service's filter "
        "may still stop it)."
    )


def test_a_class_only_term_blocks_a_tried_prompt_only_for_that_class(
    admin_client: Client, classroom: Classroom, other_classroom: Classroom
) -> None:
    DisallowedTerm.objects.create(term="spiders", classroom=classroom)
    prompt = {"prompt": "a castle full of spiders"}
    for_class = admin_client.post(TRY, {**prompt, "classroom": classroom.pk})
    for_other = admin_client.post(TRY, {**prompt, "classroom": other_classroom.pk})
    for_none = admin_client.post(TRY, prompt)
    assert for_class.context["verdict"] == "Would be blocked by Class disallow list: spiders"
    assert for_other.context["verdict"].startswith("Would be allowed")
    assert for_none.context["verdict"].startswith("Would be allowed")


def test_trying_prompts_saves_nothing(
    admin_client: Client, student: User, assignment: Assignment
) -> None:
    counts = (
        Generation.objects.count(),
        DisallowedTerm.objects.count(),
        SafetyAuditEntry.objects.count(),
        SafetySettings.objects.count(),
    )
    admin_client.post(TRY, {"prompt": "blood everywhere", "classroom": assignment.classroom.pk})
    admin_client.post(TRY, {"prompt": "a friendly dragon"})
    assert (
        Generation.objects.count(),
        DisallowedTerm.objects.count(),
        SafetyAuditEntry.objects.count(),
        SafetySettings.objects.count(),
    ) == counts


# --- The wrong people ------------------------------------------------------------------

STAFF_PAGES = [
    ("get", IMPORT),
    ("post", IMPORT),
    ("get", TRY),
    ("post", TRY),
    ("get", reverse("admin_disallow_list_export", args=["txt"])),
    ("get", reverse("admin_disallow_list_export", args=["csv"])),
]


@pytest.mark.parametrize(("method", "url"), STAFF_PAGES)
def test_a_teacher_is_sent_to_the_admin_login(
    client: Client, teacher: User, method: str, url: str
) -> None:
    client.force_login(teacher)
    response = getattr(client, method)(url, {"text": "spiders", "prompt": "blood"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not SafetyAuditEntry.objects.exists()


@pytest.mark.parametrize(("method", "url"), STAFF_PAGES)
def test_an_anonymous_visitor_is_sent_to_the_admin_login(
    client: Client, db: None, method: str, url: str
) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response.url.startswith(f"{reverse('admin:login')}?next=")


def test_staff_without_the_disallow_list_permissions_are_refused(client: Client, db: None) -> None:
    clerk = User.objects.create_user(username="clerk", password="pass-word-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(IMPORT).status_code == 403
    assert client.post(TRY, {"prompt": "blood"}).status_code == 403
    assert client.get(export_url("txt")).status_code == 403
