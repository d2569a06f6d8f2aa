"""A reader finds their way round the demo blog on a phone and on a desktop, and with the keyboard alone."""

import re

from django.core import mail

import pytest

from comments.models import Comment
from demo.builder import build_demo_site
from subscriptions.models import Subscriber
from tests.browser.conftest import DESKTOP, PHONE, serve_site_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRANSLATED_POST = "A new Visiting Forces Agreement to deepen the Japan–Britain “alliance”"
TRANSLATED_POST_JA = "日英、新たな訪問部隊地位協定で「同盟」を深化へ"
JAPANESE_POST = "「新日英同盟」軍事的急接近の背後にあるものとは 英識者が指摘するニーズの一致"


@pytest.fixture
def demo_site(live_server, settings):
    build_demo_site()
    serve_site_at(live_server)
    # The journeys are about a person commenting; the spam defences have their own tests.
    settings.BLOG_COMMENTS_MIN_SECONDS = 0
    settings.BLOG_COMMENTS_RATE_LIMIT = (100, 60)
    settings.SUBSCRIPTIONS_MIN_SECONDS = 0


def assert_fits(page) -> None:
    """Nothing sticks out sideways: the page reflows to the viewport (WCAG 1.4.10)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"


def heading(page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_reader_journey(new_page, demo_site, viewport):
    page = new_page(viewport)

    page.goto("/")
    assert heading(page) == "Britain and Japan"
    assert page.locator("html").get_attribute("lang") == "en"
    assert_fits(page)

    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Blog", exact=True).click()
    page.wait_for_url("**/blog/")
    assert heading(page) == "Blog"
    assert_fits(page)

    # A category archive, from a post's "Filed under" line.
    page.locator(".post-categories").get_by_role("link", name="Defence cooperation").first.click()
    page.wait_for_url("**/blog/defence-cooperation/")
    assert "Defence cooperation" in heading(page)
    assert_fits(page)
    page.locator("article.post-summary h2 a", has_text=TRANSLATED_POST).click()
    assert heading(page) == TRANSLATED_POST
    assert_fits(page)

    # "Continue reading" leads from the excerpt to the rest of the post.
    page.goto("/blog/")
    summary = (
        page.locator("article.post-summary").filter(has=page.locator(".continue-reading")).first
    )
    title = summary.locator(":scope > h2 > a").inner_text().strip()
    summary.locator(".continue-reading a").click()
    assert heading(page) == title
    assert_fits(page)

    # The language switcher leads to the Japanese translation and back.
    page.goto("/blog/japan-britain-deepen-alliance-visiting-forces-agreement/")
    switcher = page.locator(".site-nav a.language-link")
    switcher.filter(has_text="日本語").click()
    page.wait_for_url("**/ja/blog/japan-britain-deepen-alliance-visiting-forces-agreement/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert heading(page) == TRANSLATED_POST_JA
    assert_fits(page)
    switcher.filter(has_text="English").click()
    page.wait_for_url("**/blog/japan-britain-deepen-alliance-visiting-forces-agreement/")
    assert heading(page) == TRANSLATED_POST

    # Search, in English and in Japanese (no spaces between Japanese words).
    page.get_by_role("searchbox", name="Search the blog").fill("Nomonhan")
    page.get_by_role("searchbox", name="Search the blog").press("Enter")
    page.wait_for_url(re.compile(r".*/search/\?query=Nomonhan"))
    results = page.locator(".search-results")
    assert results.get_by_role(
        "link", name="Global Britain’s Alliance with Japan: Remember Nomonhan"
    ).is_visible()
    page.goto("/ja/")
    page.locator("#site-search").fill("同盟")
    page.locator("#site-search").press("Enter")
    page.wait_for_url(re.compile(r".*/ja/search/\?query="))
    assert page.locator(".search-results").get_by_role("link", name=JAPANESE_POST).is_visible()
    assert_fits(page)

    # A comment goes to the moderation queue, and appears once approved.
    page.goto("/blog/are-strategic-partners-the-new-allies/")
    form = page.locator("form.comment-form")
    form.get_by_label("Name").fill("Reader on a screen")
    form.get_by_label("Email").fill("reader@example.com")
    form.get_by_label("Comment").fill("Partners share more than interests.")
    form.get_by_role("button", name="Post comment").click()
    assert "awaiting moderation" in page.locator(".comment-messages").inner_text()
    comment = Comment.objects.get(author_email="reader@example.com")
    comment.status = Comment.Status.APPROVED
    comment.save()
    page.reload()
    assert (
        page.locator(".comment-list")
        .get_by_text("Partners share more than interests.")
        .is_visible()
    )
    assert_fits(page)

    # A feed reader follows the feed link in the page's head.
    page.goto("/blog/")
    feed = page.locator("head link[rel=alternate][type='application/rss+xml']").first
    response = page.goto(feed.get_attribute("href"))
    assert response.ok
    assert "xml" in response.headers["content-type"]
    assert "Remember Nomonhan" in response.text()

    # Following by email, in Japanese: the footer form, then the link in the captured mail.
    address = f"reader-{viewport['width']}@example.com"
    page.goto("/ja/blog/")
    form = page.locator("form.subscribe-form")
    form.get_by_label("メールアドレス").fill(address)
    assert form.get_by_label("日本語").is_checked()
    form.get_by_role("button", name="購読する").click()
    page.wait_for_url("**/ja/subscribe/sent/")
    assert heading(page) == "メールをご確認ください"
    [message] = [message for message in mail.outbox if message.to == [address]]
    confirm_url = re.search(r"https?://\S+/ja/subscribe/confirm/\S+/", message.body).group()
    page.goto(confirm_url)
    page.get_by_role("button", name="確認する").click()
    assert heading(page) == "購読を確認しました"
    assert Subscriber.objects.get(email=address).is_confirmed
    assert_fits(page)

    # Sharing a post: plain links (LINE and Hatena first in Japanese), and the device's share
    # sheet where the browser has one (recorded here instead of opening).
    page.add_init_script(
        "navigator.share = (data) => { window.sharedWith = data; return Promise.resolve(); };"
    )
    page.goto("/ja/blog/japan-britain-deepen-alliance-visiting-forces-agreement/")
    share = page.locator("section.share")
    names = [name.strip() for name in share.locator("a").all_inner_texts()]
    assert names[:2] == ["LINE", "はてなブックマーク"] and "X" in names
    line = share.get_by_role("link", name="LINE").get_attribute("href")
    assert line.startswith("https://social-plugins.line.me/lineit/share?url=http")
    share.get_by_role("button", name="共有…").click()
    shared = page.evaluate("() => window.sharedWith")
    assert shared["url"].endswith(
        "/ja/blog/japan-britain-deepen-alliance-visiting-forces-agreement/"
    )
    assert shared["title"] == TRANSLATED_POST_JA
    assert_fits(page)


def focused(page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " text: document.activeElement.innerText || '', name: document.activeElement.name || ''})"
    )


def tab_to(page, predicate, limit: int = 80) -> dict:
    """Presses Tab until the focused element matches ``predicate``; fails after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if predicate(element):
            return element
    raise AssertionError(f"Tab never reached the element; last focus: {focused(page)}")


def test_keyboard_only_reader(new_page, demo_site):
    page = new_page(DESKTOP)
    page.goto("/")

    # The first Tab reaches the skip link, which moves focus into the content.
    page.keyboard.press("Tab")
    assert focused(page)["text"].strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    # The main navigation, by keyboard.
    page.goto("/")
    tab_to(page, lambda element: element["tag"] == "A" and element["text"].strip() == "Blog")
    page.keyboard.press("Enter")
    page.wait_for_url("**/blog/")
    tab_to(page, lambda element: element["text"].strip() == "日本語")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ja/blog/")
    assert page.locator("html").get_attribute("lang") == "ja"

    # The comment form, by keyboard: the honeypot is skipped, the button sends it.
    page.goto("/blog/are-strategic-partners-the-new-allies/")
    tab_to(page, lambda element: element["name"] == "author_name", limit=120)
    page.keyboard.type("Keyboard Reader")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "author_email"
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "author_url"
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "body"
    page.keyboard.type("Sent without a mouse.")
    page.keyboard.press("Tab")
    assert focused(page)["text"].strip() == "Post comment"
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "awaiting moderation" in page.locator(".comment-messages").inner_text()
    assert Comment.objects.filter(
        author_name="Keyboard Reader", body="Sent without a mouse."
    ).exists()
