"""A translator switches the admin to Japanese, translates a post in wagtail-localize's editor and a Moderator approves it.

On every screen of the way the test looks for English left in the Japanese admin: a visible
label (button, link, heading, menu item, table header, help text) written only in ASCII letters
fails it, unless it is content being translated or a name (see ``english_labels``).
"""

import re

from django.contrib.auth.models import Group, User

from wagtail.users.models import UserProfile

import pytest

from blog.models import BlogPostPage
from tests.browser.admin import english_labels, log_in
from tests.browser.conftest import DESKTOP, serve_site_at
from tests.factories import BlogPostPageFactory, build_site, translate_page
from translation.roles import MODERATORS, TRANSLATORS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-test-password"
# Each English string and what the translator types for it.
STRINGS = {
    "The Tokyo declaration": "東京宣言",
    "The alliance is back, say both governments.": "両政府によれば、同盟は復活した。",
    "A new kind of alliance": "新しい同盟のかたち",
}


# What may stay in ASCII on a Japanese screen: the English content being translated, people's
# user names, the site's English name, and proper nouns of the software.
ALLOWED = {
    *STRINGS,
    "Britain and Japan",
    "Anglo-Japanese Strategic Review",  # WAGTAIL_SITE_NAME
    "tokyo-declaration",
    "Blog",
    "Uncategorized",
    "translator",
    "moderator",
    "Wagtail",
    "PO",
    "GMT",
    "UTC",
    # Names of a service, a setting and a file, in the dashboard's machine translation notice.
    "DeepL",
    "DEEPL_AUTH_KEY",
    "docs/translating.md",
}


def staff(username: str, group: str, language: str) -> User:
    """A member of ``group`` (made by the roles migration) whose admin speaks ``language``.

    No first or last name, as an account made from the command line has none.
    """
    user = User.objects.create_user(username, f"{username}@example.com", PASSWORD)
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


class EnglishLeft:
    """Collects the English labels of each screen, so that one run reports every screen."""

    def __init__(self) -> None:
        self.screens: dict[str, list[str]] = {}

    def check(self, page, screen: str) -> None:
        page.wait_for_load_state()
        if english := english_labels(page, ALLOWED):
            self.screens[screen] = english


def translate_segment(page, source: str, text: str) -> None:
    """In wagtail-localize's editor: open the segment showing ``source``, type, save."""
    segment = page.locator("li", has=page.locator(":scope > p", has_text=source)).last
    segment.get_by_role("button", name=re.compile("^(翻訳|Translate)$")).click()
    segment.locator("textarea").fill(text)
    segment.get_by_role("button", name=re.compile("^(保存|Save)$")).click()
    segment.get_by_role("button", name=re.compile("^(編集|Edit)$")).wait_for()


def test_translator_translates_and_moderator_approves(new_page, live_server):
    site = build_site()
    serve_site_at(live_server)
    translate_page(site["home"], site["ja"], title="英国と日本")
    ja_blog = translate_page(site["blog"], site["ja"], title="ブログ")
    post = BlogPostPageFactory(
        parent=site["blog"],
        title="The Tokyo declaration",
        slug="tokyo-declaration",
        body=[
            {"type": "paragraph", "value": "<p>The alliance is back, say both governments.</p>"},
            {"type": "heading", "value": {"text": "A new kind of alliance", "level": "h2"}},
        ],
    )
    english_left = EnglishLeft()
    staff("translator", TRANSLATORS, "en")
    staff("moderator", MODERATORS, "ja")

    # The translator switches the admin to Japanese on the Account page (no name needed; the
    # time zone list has only zones the browser knows, or the page's script would fail).
    page = new_page(DESKTOP)
    log_in(page, "translator", PASSWORD)
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/admin/account/")
    page.locator("select[name='locale-preferred_language']").select_option("ja")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ja"
    assert (
        UserProfile.get_for_user(User.objects.get(username="translator")).preferred_language == "ja"
    )
    page.goto("/admin/account/")
    english_left.check(page, "account")
    page.goto("/admin/")
    english_left.check(page, "dashboard")

    # The translator finds the English post in the page explorer.
    page.goto(f"/admin/pages/{site['blog'].pk}/")
    english_left.check(page, "page explorer")
    row = page.locator("tr", has_text="The Tokyo declaration")
    row.locator(".w-dropdown__toggle").last.click()
    row.locator(f"a[href*='/localize/submit/page/{post.pk}/']").click()
    page.wait_for_load_state()
    english_left.check(page, "submit for translation")
    page.get_by_label("日本語").check()
    page.locator("main form [type=submit]").last.click()

    # wagtail-localize's translation editor: one segment at a time.
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    ja_post = BlogPostPage.objects.get(translation_key=post.translation_key, locale=site["ja"])
    page.locator(".segment-list, [class*='editor']").first.wait_for()
    english_left.check(page, "translation editor")
    for source, text in STRINGS.items():
        translate_segment(page, source, text)
    # The editor's last tab holds its tools (PO file download and upload, machine translation).
    page.get_by_role("tab").last.click()
    english_left.check(page, "translation editor's tools")

    # The translator cannot publish; they hand the page to the Moderators.
    page.goto(f"/admin/pages/{ja_blog.pk}/")
    row = page.locator("tr", has=page.locator(f"a[href^='/admin/pages/{ja_post.pk}/']")).first
    row.locator(".w-dropdown__toggle").last.click()
    row.locator(f"a[href*='/translation/submit-for-review/{ja_post.pk}/']").click()
    page.wait_for_load_state()
    english_left.check(page, "submit for review")
    page.locator("main form [type=submit]").click()
    assert "東京宣言" in page.locator(".messages").inner_text()
    assert page.request.get("/ja/blog/tokyo-declaration/").status == 404

    page.goto(f"/admin/pages/{ja_blog.pk}/")
    english_left.check(page, "Japanese blog's explorer")
    page.goto("/admin/localize/reports/translations/")
    english_left.check(page, "translations report")

    # A Moderator, in Japanese too, approves it from the dashboard; the workflow publishes it.
    page.context.clear_cookies()
    log_in(page, "moderator", PASSWORD)
    english_left.check(page, "moderator's dashboard")
    page.goto("/admin/")
    panel = page.locator(
        ".w-panel", has=page.get_by_role("heading", name="あなたのレビューの待機中")
    )
    row = panel.locator("tr", has_text="東京宣言")
    row.locator(".w-dropdown__toggle").click()
    with page.expect_navigation():
        row.locator(
            "button[data-workflow-action-url*='/approve/']:not([data-launch-modal])"
        ).click()
    ja_post.refresh_from_db()
    assert ja_post.live

    # The reader's Japanese page, and the switcher back to English.
    page.goto(ja_post.get_url())
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", level=1).inner_text() == "東京宣言"
    body = page.locator(".post-body")
    assert body.get_by_text("両政府によれば、同盟は復活した。").is_visible()
    assert body.get_by_role("heading", name="新しい同盟のかたち", level=2).is_visible()
    page.locator(".site-nav a.language-link", has_text="English").click()
    page.wait_for_url("**/blog/tokyo-declaration/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "The Tokyo declaration"
    page.locator(".site-nav a.language-link", has_text="日本語").click()
    assert page.get_by_role("heading", level=1).inner_text() == "東京宣言"

    # Checked last, so that one run names every screen with English left on it.
    assert english_left.screens == {}, f"English left in the Japanese admin: {english_left.screens}"
