"""Security headers, and a Content-Security-Policy that public pages and the admin both work under."""

from html.parser import HTMLParser

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from tests.factories import BlogPostPageFactory

# Response headers and the policy pages work under: the same whatever the database engine,
# so CI's PostgreSQL pass leaves this module out (tests/database_selection.py).
pytestmark = pytest.mark.database_independent


class InlineCode(HTMLParser):
    """Collects what a strict policy (script-src 'self', style-src 'self') would block."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            kind = (attributes.get("type") or "text/javascript").lower()
            # JSON data blocks are never executed, so the policy does not apply to them.
            if kind not in {"application/json", "application/ld+json"}:
                self.blocked.append(f"inline <script type={kind}>")
        if tag == "style":
            self.blocked.append("<style> element")
        if attributes.get("style") is not None:
            self.blocked.append(f'style="" on <{tag}>')
        self.blocked += [
            f"{name} handler on <{tag}>" for name in attributes if name.startswith("on")
        ]
        if any(
            (value or "").strip().lower().startswith("javascript:") for value in attributes.values()
        ):
            self.blocked.append(f"javascript: URL on <{tag}>")


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.fixture
def post(site_tree):
    return BlogPostPageFactory(parent=site_tree["blog"], title="The alliance", slug="the-alliance")


@pytest.mark.django_db
def test_public_pages_send_the_security_headers(client, post):
    response = client.get(post.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    # One framing policy: nothing frames a public page, in either header.
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_public_pages_work_under_the_strict_policy(client, site_tree, post):
    urls = [
        site_tree["home"].url,
        site_tree["blog"].url,
        site_tree["category"].url,
        post.url,
        "/search/?query=alliance",
        "/no-such-page/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == (404 if url == "/no-such-page/" else 200), url
        parser = InlineCode()
        parser.feed(response.content.decode())
        assert parser.blocked == [], f"{url} has code the policy blocks: {parser.blocked}"


@pytest.mark.django_db
def test_the_admin_gets_the_inline_code_its_widgets_need(client, admin_user, post):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{post.pk}/edit/")
    assert response.status_code == 200
    # The post editor's date picker starts with an inline script, which this policy must allow.
    parser = InlineCode()
    parser.feed(response.content.decode())
    assert any("inline <script" in item for item in parser.blocked)
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_only_wagtails_previews_may_be_framed_and_only_by_the_admin(client, admin_user, post):
    client.force_login(admin_user)
    editor = client.get(f"/admin/pages/{post.pk}/edit/")
    # The live preview as the editor's panel loads it: the form sent, then the page rendered
    # for a dummy request through the whole middleware chain.
    preview_url = f"/admin/pages/{post.pk}/edit/preview/"
    form = nested_form_data(
        {
            "title": "Previewed title",
            "slug": post.slug,
            "date": "2024-01-01 12:00:00",
            "excerpt": "",
            "body": streamfield([]),
            "category_links": inline_formset([]),
            "tag_links": inline_formset([]),
            "comments_enabled": "on",
        }
    )
    assert client.post(preview_url, form).json()["is_valid"] is True
    preview = client.get(preview_url, {"mode": "", "in_preview_panel": "true"})

    # The editor itself, like every page, is framed by nothing, in both headers.
    assert editor["X-Frame-Options"] == "DENY"
    assert directives(editor["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    # The live preview the editor frames: the admin's own origin, in both headers.
    assert preview.status_code == 200
    assert "Previewed title" in preview.content.decode()
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(preview["Content-Security-Policy"])["frame-ancestors"] == ["'self'"]
