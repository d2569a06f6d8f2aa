"""The Japanese catalogue holds a translation of every string the project's code and templates show."""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

import polib
import pytest

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po"
# `make messages` skips .venv and bench; the rest hold no source (caches, packages, data).
NOT_SOURCE = shutil.ignore_patterns(
    ".venv",
    "bench",
    ".git",
    "locale",
    "node_modules",
    "media",
    "static_collected",
    "__pycache__",
    "*.sqlite3",
)


def key(entry: polib.POEntry) -> tuple[str, str]:
    return (entry.msgctxt or "", entry.msgid)


@pytest.fixture(scope="module")
def fresh_extraction(tmp_path_factory) -> polib.POFile:
    """The strings the code and templates hold now, extracted as `make messages` does.

    The extraction runs on a copy of the project with an empty catalogue, so it neither reads
    nor rewrites the committed one.
    """
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(settings.BASE_DIR, copy, ignore=NOT_SOURCE)
    (copy / "locale").mkdir()
    previous = os.getcwd()
    os.chdir(copy)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(settings, "LOCALE_PATHS", [])
            call_command("makemessages", locale=["ja"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(previous)
    return polib.pofile(str(copy / "locale" / "ja" / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_the_extraction_finds_the_projects_strings(fresh_extraction):
    # Guards the comparison below against an extraction that silently finds nothing.
    msgids = {entry.msgid for entry in fresh_extraction}
    assert {"Skip to main content", "Translation status", "Continue reading"} <= msgids


def test_every_string_is_in_the_catalogue(fresh_extraction, catalogue):
    committed = {key(entry) for entry in catalogue if not entry.obsolete}
    missing = sorted(entry.msgid for entry in fresh_extraction if key(entry) not in committed)
    assert not missing, f"run `make messages` and translate: {missing}"


def test_every_string_is_translated(catalogue):
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries() if not entry.obsolete]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    plural_gaps = [
        entry.msgid
        for entry in catalogue
        if entry.msgid_plural and not all(value.strip() for value in entry.msgstr_plural.values())
    ]
    assert not untranslated and not fuzzy and not plural_gaps, (untranslated, fuzzy, plural_gaps)
    # A fuzzy header is dropped by msgfmt, and Python then cannot decode the Japanese.
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata["Language"] == "ja"


def test_the_catalogue_compiles_with_matching_placeholders(tmp_path):
    # msgfmt refuses a translation whose %(name)s or {name} placeholders differ from the English.
    result = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        ["msgfmt", "--check", "--output-file", str(tmp_path / "django.mo"), str(CATALOGUE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
