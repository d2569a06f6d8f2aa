"""`make editing-screenshots`: the editors' and translators' desk in English and Japanese, for docs/editing.md.

python -m tests.browser.editing_screenshots --chromium /usr/bin/chromium --output docs/screenshots/editing

Serves the demo blog (tests/browser/demo_server.py), logs in as its local admin, and takes each
screen once with the admin in English and once after switching it to Japanese on the Account
page, as a user does.
"""

import argparse
import sys
from pathlib import Path

from tests.browser import CHROMIUM_ARGS
from tests.browser.demo_server import demo_server
from tests.browser.screenshots import save_small

ADMIN = ("admin", "admin-demo-password")  # demo/management/commands/load_demo_content.py
VIEWPORT = {"width": 1280, "height": 900}


def log_in(page) -> None:
    page.goto("/admin/login/")
    page.fill("#id_username", ADMIN[0])
    page.fill("#id_password", ADMIN[1])
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def switch_admin_language(page, code: str) -> None:
    page.goto("/admin/account/")
    page.locator("select[name='locale-preferred_language']").select_option(code)
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()


def shoot(page, path: Path) -> None:
    page.evaluate("document.fonts.ready")
    save_small(page.screenshot(), path)
    print(path)  # noqa: T201 - a command-line report


def send_comment(page) -> None:
    """A reader comments on the first post of the blog, so that the queue has one to moderate."""
    page.goto("/blog/")
    page.locator("article.post-summary h2 a").first.click()
    page.get_by_role("textbox", name="Name", exact=True).fill("Hanako Sato")
    page.get_by_role("textbox", name="Email", exact=True).fill("hanako@example.jp")
    page.get_by_role("textbox", name="Comment", exact=True).fill(
        "A useful summary of the exercise. Will there be a follow-up?"
    )
    page.wait_for_timeout(3500)  # forms sent sooner are taken for a bot's
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_load_state()


def take_screens(page, language: str, output: Path) -> None:
    # The Posts listing, filtered to live posts in need of a translation.
    page.goto("/admin/posts/?status=needs_translation")
    shoot(page, output / f"posts-{language}.png")

    # The post editor: categories as nested checkboxes, tags typed in.
    page.goto("/admin/posts/?status=live")
    page.locator("td.title .title-wrapper > a[href$='/edit/']").first.click()
    page.wait_for_load_state()
    page.locator("ul.category-tree").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -250)")
    shoot(page, output / f"post-editor-taxonomy-{language}.png")

    # A new post: the author preset, the body's block picker.
    shoot_new_post(page, output / f"new-post-{language}.png")

    # The comment queue with one-click moderation.
    page.goto("/admin/snippets/comments/comment/")
    shoot(page, output / f"comments-{language}.png")

    # Reading and discussion settings.
    page.goto("/admin/settings/blog/blogsettings/")
    page.wait_for_load_state()
    shoot(page, output / f"settings-{language}.png")

    # A Japanese translation in wagtail-localize's editor (the first Japanese post that is one).
    page.goto("/admin/posts/?locale=ja")
    links = page.locator("td.title .title-wrapper > a[href$='/edit/']")
    for href in [links.nth(n).get_attribute("href") for n in range(links.count())]:
        page.goto(href)
        page.wait_for_timeout(1500)  # the translation editor is drawn by its script
        if page.get_by_role("tab").count() and page.locator("text=PO").count():
            shoot(page, output / f"translation-editor-{language}.png")
            break


def shoot_new_post(page, path: Path) -> None:
    """A new post under the English blog (found through the Posts listing's parent column)."""
    page.goto("/admin/posts/?locale=en")
    href = page.locator("td a[href^='/admin/pages/']", has_text="Blog").first.get_attribute("href")
    blog_id = href.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"/admin/pages/add/blog/blogpostpage/{blog_id}/")
    page.wait_for_load_state()
    shoot(page, path)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--output", type=Path, default=Path("docs/screenshots/editing"))
    parser.add_argument("--port", type=int, default=8399)
    options = parser.parse_args()
    options.output.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with demo_server(options.port, create_admin=True) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=options.chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=VIEWPORT, base_url=base_url)
        page = context.new_page()
        send_comment(page)
        log_in(page)
        for language in ("en", "ja"):
            switch_admin_language(page, language)
            take_screens(page, language, options.output)
        context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
