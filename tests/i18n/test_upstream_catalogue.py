"""locale/upstream: Japanese for the Wagtail and wagtail-localize strings their own catalogues leave in English."""

import json
import re
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

import wagtail
import wagtail_localize
from wagtail.users.models import UserProfile

import polib
import pytest

# The catalogues themselves: the same whatever the database engine, so CI's PostgreSQL
# pass leaves this module out (tests/database_selection.py).
pytestmark = pytest.mark.database_independent

UPSTREAM = Path(settings.BASE_DIR) / "locale" / "upstream" / "ja" / "LC_MESSAGES"
PACKAGES = [Path(wagtail.__file__).parent, Path(wagtail_localize.__file__).parent]
# Written into upstream code without gettext (so in no upstream catalogue): the file and the
# English text that must still be there for the override to mean anything.
NOT_IN_UPSTREAM_CATALOGUES = {
    "%s to %s translation": ("static/wagtail_localize/js/wagtail-localize.js", " translation"),
    "Translate page": ("views/submit_translations.py", 'gettext_lazy("Translate page")'),
}
# Kana, kanji, and the Japanese punctuation and full-width forms ("%(field_label)s：").
JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
# Written the same way in Japanese: an override says so, so the completeness test sees them.
SAME_IN_JAPANESE = {"ID", "Wagtail API v2", "Wagtail API v3"}
# What a translation must carry over unchanged: Python, JavaScript and brace placeholders, and tags.
PLACEHOLDERS_AND_TAGS = re.compile(r"%\([A-Za-z_0-9]+\)[sdf]|%[sdf]|\{[A-Za-z_0-9]*\}|<[^>]+>")


def entries() -> list[polib.POEntry]:
    found = []
    for name in ("django.po", "djangojs.po"):
        found += [entry for entry in polib.pofile(str(UPSTREAM / name)) if entry.msgid]
    return found


def translated(entry: polib.POEntry) -> bool:
    """Whether compiling the catalogue keeps this entry (msgfmt drops fuzzy and empty ones)."""
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def upstream_catalogues() -> list[tuple[Path, Path]]:
    """Each app's English catalogue with its Japanese sibling (which may not exist)."""
    pairs = []
    for package in PACKAGES:
        for english in sorted(package.glob("**/locale/en/LC_MESSAGES/*.po")):
            pairs.append((english, english.parents[2] / "ja" / "LC_MESSAGES" / english.name))
    return pairs


def upstream_msgids() -> set[str]:
    msgids = set()
    for package in PACKAGES:
        for path in package.glob("**/locale/en/LC_MESSAGES/*.po"):
            msgids |= {entry.msgid for entry in polib.pofile(str(path))}
    return msgids


def test_every_override_names_a_string_upstream_still_has():
    known = upstream_msgids()
    gone = []
    for entry in entries():
        if entry.msgid in known:
            continue
        where = NOT_IN_UPSTREAM_CATALOGUES.get(entry.msgid)
        texts = [(package / where[0]) for package in PACKAGES] if where else []
        if not any(path.exists() and where[1] in path.read_text() for path in texts):
            gone.append(entry.msgid)
    assert gone == [], f"upstream no longer has these strings: drop or update them: {gone}"


def test_every_override_is_japanese():
    for entry in entries():
        text = entry.msgstr or entry.msgstr_plural.get(0, "")
        if entry.msgid in SAME_IN_JAPANESE:
            assert text == entry.msgid
        else:
            assert JAPANESE.search(text), entry.msgid


def test_every_upstream_string_has_japanese():
    # An upgrade of Wagtail or wagtail-localize that adds strings fails here: translate them in
    # locale/upstream (the failure lists them), or they show in English.
    ours = {
        name: {
            (entry.msgctxt, entry.msgid)
            for entry in polib.pofile(str(UPSTREAM / name))
            if translated(entry)
        }
        for name in ("django.po", "djangojs.po")
    }
    missing = []
    for english, japanese in upstream_catalogues():
        done = set(ours[english.name])
        if japanese.exists():
            done |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(japanese)) if translated(e)}
        missing += [
            f"{english.relative_to(PACKAGES[0].parent)}: {entry.msgid}"
            for entry in polib.pofile(str(english))
            if entry.msgid and not entry.obsolete and (entry.msgctxt, entry.msgid) not in done
        ]
    assert missing == [], f"{len(missing)} upstream strings have no Japanese: {missing[:20]}"


def test_every_override_keeps_the_placeholders_and_tags():
    # msgfmt checks Python-format placeholders only; JavaScript, brace ones and HTML go unchecked.
    # Japanese has one plural form, shown for every count, so it follows the English plural.
    for entry in entries():
        english = entry.msgid_plural or entry.msgid
        japanese = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert Counter(PLACEHOLDERS_AND_TAGS.findall(japanese)) == Counter(
            PLACEHOLDERS_AND_TAGS.findall(english)
        ), (entry.msgid, japanese)


def test_the_project_catalogue_outranks_wagtails():
    # Through a variable: a literal here would be extracted into the project's own catalogue.
    overridden = {"Locale": "言語", "Name and Email": "名前とメールアドレス"}
    with translation.override("ja"):
        for msgid, japanese in overridden.items():
            assert translation.gettext(msgid) == japanese
        # The project's own catalogue still answers for the project's strings.
        assert translation.gettext("Continue reading") != "Continue reading"


def test_a_label_the_project_shares_with_wagtail_localize_keeps_both_meanings():
    # The project's catalogue outranks ours, so a bare "Source title" there (a quotation's
    # source) would also label the translations report's filter (a translation's source page).
    msgid = "Source title"
    with translation.override("ja"):
        assert translation.gettext(msgid) == "翻訳元のタイトル"
        assert translation.pgettext("quotation", msgid) == "出典名"


@pytest.mark.django_db
def test_the_admins_javascript_catalogue_carries_them(client):
    user = get_user_model().objects.create_superuser("translator", "t@example.com", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ja"
    profile.save()
    client.force_login(user)
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for japanese in (
        "PO ファイルをダウンロード",
        "%s から %s への翻訳",
        "未翻訳の文字列をすべて機械翻訳",
    ):
        # The catalogue is JSON in a script, written with or without \u escapes.
        assert japanese in catalogue or json.dumps(japanese)[1:-1] in catalogue, japanese


@pytest.mark.django_db
def test_an_empty_listing_says_so_in_one_language(client):
    user = get_user_model().objects.create_superuser("moderator", "m@example.com", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ja"
    profile.save()
    client.force_login(user)
    html = client.get("/admin/snippets/comments/comment/").content.decode()
    assert "表示するコメントはありません。" in html
    assert "There are no" not in html
