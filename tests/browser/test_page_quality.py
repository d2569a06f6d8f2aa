"""Every public page type, in English and Japanese, passes axe-core (WCAG 2.2 A/AA), Wagtail's checker and the Nu Html Checker.

The page list is not written down: the test crawls the demo site from both home pages and the
search page, so archives, tag and author pages, comment forms and anything added later are
checked as soon as a page links to them. Two pages of each kind (by template and URL shape)
per language keep the run short.
"""

import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

from demo.builder import build_demo_site
from tests.browser.checks import axe_violations, vnu_errors, wagtail_checker_violations
from tests.browser.conftest import DESKTOP, PHONE, serve_site_at

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PER_KIND = 2
MAX_PAGES = 60
# Not pages for people: the admin, files, feeds, machine-readable documents and redirects.
SKIP = re.compile(
    r"^/(ja/)?(admin|django-admin|documents|media|static|language)/|/(feed|rss|atom)(/|\.xml)?$|\.(xml|txt|json|rss|atom|png|jpe?g|webp|avif|gif|svg|pdf)$"
)
# The kinds every crawl must reach in both languages, by <body> class or URL.
REQUIRED_KINDS = [
    "template-home",
    "template-blog-index",
    "template-category",
    "template-blog-post",
    "search",
]


def page_kind(path: str, body_class: str) -> str:
    """Pages of one kind share a template and the shape of their URL (numbers and slugs aside)."""
    language = "ja" if path.startswith("/ja/") else "en"
    segments = [s for s in path.removeprefix("/ja").strip("/").split("/") if s]
    shape = "/".join("N" if s.isdigit() else "*" for s in segments[2:])
    query = "?page" if "page=" in urlsplit(path).query else ""
    return f"{language} {body_class or 'no-class'} {len(segments)} {shape}{query}"


def crawl(page, start: list[str], origin: str, statuses: dict[str, int]) -> dict[str, dict]:
    """Visits pages breadth first from ``start``; returns, per URL, its kind, markup and axe
    report, and records in ``statuses`` the final status of every URL it opened (feeds too)."""
    queue, seen, kinds, visited = list(start), set(start), Counter(), {}
    while queue and len(visited) < MAX_PAGES:
        url = queue.pop(0)
        response = page.goto(url)
        statuses[url] = response.status
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        path = urlsplit(page.url).path + (
            f"?{urlsplit(page.url).query}" if urlsplit(page.url).query else ""
        )
        kind = page_kind(path, page.evaluate("() => document.body.className"))
        if url.startswith(("/search", "/ja/search")):
            kind = f"{kind} search"
        kinds[kind] += 1
        if kinds[kind] > PER_KIND and url not in start:
            continue
        visited[url] = {
            "kind": kind,
            "status": response.status,
            "html": response.text(),
            "axe": axe_violations(page),
            "wagtail": wagtail_checker_violations(page),
        }
        links = page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)")
        for link in links:
            parts = urlsplit(link)
            if f"{parts.scheme}://{parts.netloc}" != origin:
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(parts.path) or local in seen:
                continue
            seen.add(local)
            queue.append(local)
    return visited


def test_every_public_page_type_in_both_languages_passes_axe_and_the_html_checker(
    new_page, live_server
):
    build_demo_site()
    serve_site_at(live_server)
    start = [
        "/",
        "/ja/",
        "/search/?query=alliance",
        "/ja/search/?query=%E5%90%8C%E7%9B%9F",  # 同盟
        "/search/?query=nothing-matches-this",
        "/ja/search/",
        "/no-such-page/",
        "/ja/no-such-page/",
        "/subscribe/",
        "/ja/subscribe/",
    ]
    desktop = new_page(DESKTOP)
    statuses: dict[str, int] = {}
    visited = crawl(desktop, start, live_server.url, statuses)

    kinds = {page["kind"] for page in visited.values()}
    for language in ("en", "ja"):
        for required in REQUIRED_KINDS:
            assert any(k.startswith(language) and required in k for k in kinds), (
                f"the crawl reached no {required} page in {language}: {sorted(kinds)}"
            )
    # Every link the site offers works: 200 for each page reached (after any redirect), and
    # 404 only for the two addresses that exist to test it.
    not_found = {"/no-such-page/", "/ja/no-such-page/"}
    wrong = {
        url: status
        for url, status in statuses.items()
        if status != (404 if url in not_found else 200)
    }
    assert wrong == {}, f"pages with another status than expected: {wrong}"
    assert len(statuses) >= len(visited) > len(start)

    # The phone layout is a different page for axe (target sizes, reflow): one of each kind.
    phone = new_page(PHONE)
    firsts = {}
    for url, page in visited.items():
        firsts.setdefault(page["kind"], url)
    phone_problems = {}
    for url in firsts.values():
        phone.goto(url)
        if found := axe_violations(phone):
            phone_problems[url] = found

    # The dark colour scheme (prefers-color-scheme: dark) is other colours for axe: one of each kind.
    dark = new_page(DESKTOP, color_scheme="dark")
    dark_problems = {}
    for url in firsts.values():
        dark.goto(url)
        if found := axe_violations(dark):
            dark_problems[url] = found

    # The subscribe form sent back with an error, in both schemes and languages.
    documents = {url: page["html"] for url, page in visited.items()}
    for context, prefix in ((desktop, ""), (dark, "/ja")):
        context.goto(f"{prefix}/subscribe/")
        form = context.locator("main form.subscribe-form")
        form.locator("input[type=email]").fill("reader@example.com")
        for box in form.locator("input[type=checkbox]").all():
            box.uncheck()
        with context.expect_navigation():
            form.locator("button[type=submit]").click()
        assert context.locator("main .field-error").count() == 1
        if found := axe_violations(context):
            dark_problems[f"{prefix}/subscribe/ (sent back)"] = found
        documents[f"{prefix}/subscribe/ (sent back)"] = context.content()

    axe_problems = {url: page["axe"] for url, page in visited.items() if page["axe"]}
    html_problems = vnu_errors(documents)
    wagtail_problems = {url: page["wagtail"] for url, page in visited.items() if page["wagtail"]}
    assert wagtail_problems == {}, f"Wagtail's accessibility checker flags: {wagtail_problems}"
    assert axe_problems == {}, f"axe-core found WCAG 2.2 A/AA violations (desktop): {axe_problems}"
    assert phone_problems == {}, (
        f"axe-core found WCAG 2.2 A/AA violations (phone): {phone_problems}"
    )
    assert dark_problems == {}, (
        f"axe-core found WCAG 2.2 A/AA violations (dark scheme, forms sent back): {dark_problems}"
    )
    assert html_problems == {}, f"the Nu Html Checker found errors: {html_problems}"
