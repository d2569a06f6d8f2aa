"""Hostile input: every public page, parameter and form gets a 4xx or a calm page, never a 500.

Requests go through the test client with ``raise_request_exception`` on, so an unhandled error
fails the test with its traceback rather than hiding behind the 500 page.
"""

import re
import time
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from comments.models import Comment
from comments.spam import sign_timestamp
from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory, TagFactory, translate_page

PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE wagtailcore_page; --",
    "admin'/*",
    "%00\x00null byte",
    "../../../../etc/passwd",
    "{{ settings.SECRET_KEY }}{% debug %}",
    "${jndi:ldap://127.0.0.1/a}",
    "\u202eevil\u202c 日本語 \U0001f600",
    "a" * 10_000,
    "",
]
RAW_SCRIPT = '<script>alert("xss")</script>'
# Forms have many fields; these cover markup, SQL, control characters, templates and length.
FORM_PAYLOADS = [PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[5], PAYLOADS[7], PAYLOADS[10]]
ATOM = "{http://www.w3.org/2005/Atom}"
COMMENT_ACTION = re.compile(r"/comments/post/([0-9]+)/")


class Forms(HTMLParser):
    """The forms on a page, each as its method, action and fields with their default values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "method": attributes.get("method", "get").lower(),
                    "action": attributes.get("action", ""),
                    "fields": {},
                }
            )
        elif self.forms and tag in {"input", "select"} and attributes.get("name"):
            if attributes.get("type") not in {"submit", "button", "image"}:
                self.forms[-1]["fields"][attributes["name"]] = attributes.get("value", "")
        elif self.forms and tag == "textarea" and attributes.get("name"):
            self._textarea = attributes["name"]
            self.forms[-1]["fields"][self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None


def forms_on(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def assert_calm(response, what: str) -> None:
    assert response.status_code < 500, f"{what} gave {response.status_code}"
    body = response.content.decode(errors="replace")
    assert "Traceback" not in body, what
    assert RAW_SCRIPT not in body, f"{what} echoed a script unescaped"


@pytest.fixture
def site(site_tree):
    post = BlogPostPageFactory(parent=site_tree["blog"], title="The alliance", slug="the-alliance")
    translate_page(post, site_tree["ja"], title="同盟")
    return {**site_tree, "post": post}


def public_urls(site) -> list[str]:
    return [
        "/",
        site["blog"].url,
        site["category"].url,
        site["post"].url,
        "/ja/",
        "/ja/blog/the-alliance/",
        "/search/",
        "/sitemap.xml",
        "/robots.txt",
    ]


@pytest.mark.django_db
def test_payloads_in_every_query_parameter(client, site):
    for url in ["/", site["blog"].url, site["post"].url, "/ja/", "/search/"]:
        for payload in PAYLOADS:
            for name in ("query", "page", "tag"):
                assert_calm(client.get(url, {name: payload}), f"{url}?{name}={payload[:30]}")


@pytest.mark.django_db
def test_malformed_query_strings_and_paths(client, site):
    post = site["post"].url
    weird = [
        f"{post}?page=-1",
        f"{post}?page=99999999999999999999999",
        "/blog/?page=0",
        "/blog/?page=1e9",
        "/search/?query=%ZZ%",
        "/search/?query=%C3%28%FF%FE",
        "/search/?=&&==&query",
        "/search/?query[]=a&query[]=b",
        "/search/?" + "&".join(f"p{i}=x" for i in range(2_000)),
        "/search/?query=" + "%E6%97%A5" * 3_000,
        "/" + "a" * 5_000 + "/",
        "/blog/" + "/".join(["deep"] * 300) + "/",
        "/%FF%FE%FD/",
        "/blog/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd",
        "/blog/the-alliance/%00/",
        "/ja/%E3%81%82" * 100,
        "/..%2F..%2Fsettings/base.py",
        "/static/../settings/base.py",
        "/media/../db.sqlite3",
        "/documents/999999999/x.pdf",
        "/documents/abc/x.pdf",
        "/language/xx-INVALID/?next=https://evil.test/",
        "/language/ja/?next=//evil.test/",
    ]
    for url in weird:
        response = client.get(url)
        assert_calm(response, url)
        if response.status_code in {301, 302}:
            assert "evil.test" not in response["Location"], f"{url} redirects off the site"


@pytest.mark.django_db
def test_hostile_headers_and_methods(client, site):
    post = site["post"].url
    assert client.get(post, headers={"host": "evil.test"}).status_code == 400
    assert client.get(post, headers={"host": "x" * 300}).status_code == 400
    for language in ["ja;q=abc", "xx-INVALID,*;q=-1", "ja" * 500, "\x00"]:
        assert_calm(
            client.get(post, headers={"accept-language": language}),
            f"Accept-Language {language[:20]}",
        )
    for cookie in [
        "sessionid=' OR 1=1",
        "csrftoken=<script>; sessionid=" + "a" * 5_000,
        "django_language=../../x",
    ]:
        client.cookies.clear()
        assert_calm(client.get(post, headers={"cookie": cookie}), f"Cookie {cookie[:20]}")
    client.cookies.clear()
    for method in ("put", "patch", "delete", "options", "trace"):
        assert_calm(getattr(client, method)(post), method.upper())


@pytest.mark.django_db
def test_huge_and_broken_request_bodies(client, site):
    post = site["post"].url
    # A form bigger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused where a view reads it.
    big = {"username": "x" * (3 * 1024 * 1024), "password": "x"}
    assert client.post("/admin/login/", big).status_code == 400
    assert_calm(client.post(post, big), "a big form to a page")
    too_many_fields = client.post("/admin/login/", {f"f{i}": "x" for i in range(11_000)})
    assert 400 <= too_many_fields.status_code < 500
    assert_calm(
        client.post(post, b"\xff\xfe\x00garbage", content_type="application/x-www-form-urlencoded"),
        "bytes",
    )
    assert_calm(
        client.post(post, b"--x\r\nbroken", content_type="multipart/form-data; boundary=x"),
        "broken multipart",
    )
    assert_calm(client.post(post, b"{", content_type="application/json"), "broken JSON")


def as_a_person_fills_it(form: dict, action: str, number: int) -> dict:
    """The comment form as a person sends it: fields filled in (the email and text differ for
    each sending, so none is a duplicate), the honeypot empty, and the form's timestamp signed
    a minute ago by the project's own signer, so the timing rule lets it through."""
    match = COMMENT_ACTION.search(action)
    if match is None:
        return dict(form["fields"])
    return {
        **form["fields"],
        "author_name": "Reader",
        "author_email": f"reader{number}@example.com",
        "body": f"Comment number {number}.",
        "subject": "",
        "timestamp": sign_timestamp(int(match.group(1)), shown_at=time.time() - 60),
    }


@pytest.mark.django_db
def test_payloads_in_every_public_form_reach_the_code_and_store_nothing_unsafe(client, site):
    """Each form found on the public pages, with each payload in each field in turn."""
    submitted = 0
    exercised = set()
    for url in public_urls(site):
        page = client.get(url)
        for form in forms_on(page.content.decode(errors="replace")):
            action = form["action"] or url
            if not action.startswith("/"):
                continue
            exercised.add((form["method"], action.split("?")[0]))
            for field in form["fields"]:
                for payload in FORM_PAYLOADS:
                    submitted += 1
                    data = {**as_a_person_fills_it(form, action, submitted), field: payload}
                    send = client.post if form["method"] == "post" else client.get
                    # Each sending from its own address, as many readers would (the rate
                    # limit per address has its own tests).
                    address = f"10.0.{submitted // 250}.{submitted % 250 + 1}"
                    assert_calm(
                        send(action, data, REMOTE_ADDR=address),
                        f"{form['method'].upper()} {action} {field}={payload[:20]!r}",
                    )
    assert submitted > len(FORM_PAYLOADS), "no public form was found to test"
    # At least the search form (GET) and the comment form (POST) on the post.
    assert {method for method, _ in exercised} == {"get", "post"}, exercised
    # The payloads a name or a text may hold were stored exactly (and wait for moderation);
    # NUL, overlong values, bad emails, websites, threads and timestamps and a filled
    # honeypot were refused.
    storable = {PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[7]}
    comments = Comment.objects.all()
    assert {c.author_name for c in comments if c.author_name != "Reader"} == storable
    assert {c.body for c in comments if not c.body.startswith("Comment number")} == storable
    # Per comment form (the English post and its Japanese translation): in the name, in the text.
    comment_forms = {action for _, action in exercised if COMMENT_ACTION.search(action)}
    assert len(comment_forms) == 2, comment_forms
    assert comments.count() == len(comment_forms) * 2 * len(storable)
    assert not comments.exclude(status=Comment.Status.PENDING).exists()
    for url in public_urls(site):
        assert_calm(client.get(url), f"{url} after the submissions")


@pytest.mark.django_db
def test_payloads_in_the_path(client, site):
    for payload in PAYLOADS:
        for prefix in ("/", "/blog/", "/ja/blog/", "/search/"):
            assert_calm(
                client.get(prefix + quote(payload, safe="")), f"path {prefix}{payload[:20]}"
            )


HOSTILE_TITLE = '<script>alert("xss")</script> & {{ settings.SECRET_KEY }} \u202eevil\u202c 日本'
HOSTILE_TAG = '"><img src=x onerror=alert(1)>'


@pytest.mark.django_db
@pytest.mark.parametrize("feed", ["feed/", "feed/atom/"])
def test_hostile_titles_and_tags_reach_the_feeds_escaped(client, site_tree, feed):
    """A title or tag as an import or a careless paste may bring it: well-formed XML, the text
    exact once parsed, markup escaped in the raw feed; comments never reach a feed."""
    post = BlogPostPageFactory(
        parent=site_tree["blog"],
        title=HOSTILE_TITLE,
        slug="hostile",
        tags=[TagFactory(name=HOSTILE_TAG, slug="hostile-tag")],
    )
    CommentFactory(post=post, body="<b>A comment is never in a feed</b>", status="approved")
    response = client.get(f"{site_tree['blog'].url}{feed}")
    assert response.status_code == 200
    raw = response.content.decode()
    assert "&lt;script&gt;alert(" in raw
    assert "<script" not in raw
    assert "<img" not in raw
    assert "never in a feed" not in raw
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    if feed == "feed/":
        (item,) = root.iter("item")
        assert item.findtext("title") == HOSTILE_TITLE
        assert HOSTILE_TAG in [category.text for category in item.iter("category")]
    else:
        (entry,) = root.iter(f"{ATOM}entry")
        assert entry.findtext(f"{ATOM}title") == HOSTILE_TITLE
        assert HOSTILE_TAG in [c.get("term") for c in entry.iter(f"{ATOM}category")]
