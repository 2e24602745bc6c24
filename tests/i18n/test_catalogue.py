"""The Spanish catalogue is complete, current and compiled: every string marked in the
code is in it, translated, not fuzzy, with its placeholders, and the committed .mo (what
`make run` and `make test` use, with no gettext on the machine) says the same."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.i18n.catalogue import LOCALE, PLACEHOLDER, ROOT, SPANISH_MO, spanish_catalogue

# What `make messages` reads: the apps, the wiring, the templates and the scripts.
SOURCES = ["classrooms", "generation", "edu4all", "templates", "static", "manage.py"]


def _marked_now(tmp_path: Path, domain: str = "django") -> polib.POFile:
    """Run Django's makemessages on a copy of the sources, into a fresh catalogue: every
    msgid marked in the code as it is now (the committed catalogue is never touched)."""
    copy = tmp_path / "src"
    copy.mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    (copy / "locale").mkdir()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "edu4all.settings",
        "PYTHONPATH": str(copy),
        "EDU4ALL_ENV_FILE": os.devnull,
    }
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "-d", domain, "--no-location"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
        timeout=300,
    )
    catalogue = copy / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po"
    return polib.pofile(str(catalogue)) if catalogue.exists() else polib.POFile()


def _key(entry: polib.POEntry) -> tuple[str | None, str, str]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def _catalogue_entries(catalogue: polib.POFile | polib.MOFile) -> dict[object, object]:
    return {
        _key(entry): (entry.msgstr, dict(sorted(entry.msgstr_plural.items())))
        for entry in catalogue
        if not entry.obsolete and entry.msgid
    }


def test_every_string_marked_in_the_code_is_in_the_spanish_catalogue(tmp_path: Path) -> None:
    committed = {_key(entry) for entry in spanish_catalogue() if not entry.obsolete}
    marked = {_key(entry) for entry in _marked_now(tmp_path) if entry.msgid}
    missing = sorted(marked - committed, key=str)
    assert missing == [], "run `make messages` and translate the new entries"


def test_the_catalogue_keeps_no_entry_the_code_no_longer_uses(tmp_path: Path) -> None:
    marked = {_key(entry) for entry in _marked_now(tmp_path)}
    stale = [e.msgid for e in spanish_catalogue() if not e.obsolete and _key(e) not in marked]
    assert stale == [], "run `make messages`: these msgids are no longer in the code"


def test_scripts_show_only_text_the_templates_translated(tmp_path: Path) -> None:
    """static/js reads its words from data- attributes rendered with {% translate %} (the
    CSP forbids inline scripts): a gettext() in a script would need a djangojs catalogue."""
    assert [entry.msgid for entry in _marked_now(tmp_path, "djangojs") if entry.msgid] == []


def test_every_entry_is_translated_and_none_is_fuzzy() -> None:
    catalogue = spanish_catalogue()
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    empty_plurals = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural and not all(entry.msgstr_plural.get(n) for n in (0, 1))
    ]
    assert (untranslated, fuzzy, empty_plurals) == ([], [], [])


def test_the_catalogue_says_spanish_has_two_plural_forms() -> None:
    metadata = spanish_catalogue().metadata
    assert metadata["Language"] == "es"
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert not spanish_catalogue().metadata_is_fuzzy


def test_every_translation_keeps_the_placeholders_of_its_english() -> None:
    changed = []
    for entry in spanish_catalogue():
        if entry.obsolete:
            continue
        english = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        spanish = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        wanted = {token for text in english for token in PLACEHOLDER.findall(text)}
        for text in spanish:
            # The singular of a plural may leave the count out ("1 zona pintada").
            if set(PLACEHOLDER.findall(text)) - wanted or (
                not entry.msgid_plural and set(PLACEHOLDER.findall(text)) != wanted
            ):
                changed.append(entry.msgid)
    assert changed == []


def test_the_committed_compiled_catalogue_matches_its_source(tmp_path: Path) -> None:
    """Compared entry by entry (not byte by byte, which depends on the compiler)."""
    assert SPANISH_MO.exists(), "run `make messages` and commit locale/es/LC_MESSAGES/django.mo"
    source = _catalogue_entries(spanish_catalogue())
    compiled = _catalogue_entries(polib.mofile(str(SPANISH_MO)))
    assert compiled == source, "run `make messages` (compilemessages) and commit the .mo"


@pytest.mark.parametrize("language", ["es"])
def test_every_language_the_site_offers_has_a_compiled_catalogue(language: str) -> None:
    from django.conf import settings

    assert language in dict(settings.LANGUAGES)
    assert (LOCALE / language / "LC_MESSAGES" / "django.mo").is_file()
