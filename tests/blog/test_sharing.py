"""Share links: plain links in each language's order, no third-party code, Web Share as an extra."""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.contrib.staticfiles import finders

import pytest

from blog.sharing import share_links
from tests.factories import BlogPostPageFactory, translate_page
from tests.reading import bilingual_blog

# Share links are made from a page's address and title: the same whatever the database
# engine, so CI's PostgreSQL pass leaves this module out (tests/database_selection.py).
pytestmark = [pytest.mark.django_db, pytest.mark.database_independent]


def share_section(html: str) -> str:
    return re.search(r'<section class="share".*?</section>', html, re.S).group()


def services(section: str) -> list[str]:
    return re.findall(r'<a class="share-([a-z]+)"', section)


def test_english_order_and_addresses(client, site_tree):
    post = BlogPostPageFactory(parent=site_tree["blog"], title="Tea & trade", slug="tea")
    section = share_section(client.get(post.url).content.decode())
    assert services(section) == ["x", "facebook", "linkedin", "line", "hatena", "email"]
    hrefs = dict(re.findall(r'<a class="share-([a-z]+)" href="([^"]+)"', section))
    full_url = "http://testserver/blog/tea/"
    x = urlsplit(hrefs["x"].replace("&amp;", "&"))
    assert x.netloc == "x.com"
    assert parse_qs(x.query) == {"url": [full_url], "text": ["Tea & trade"]}
    assert parse_qs(urlsplit(hrefs["line"].replace("&amp;", "&")).query)["url"] == [full_url]
    hatena = parse_qs(urlsplit(hrefs["hatena"].replace("&amp;", "&")).query)
    assert hatena["url"] == [full_url] and hatena["title"] == ["Tea & trade"]
    assert hrefs["email"].startswith("mailto:?subject=Tea%20%26%20trade")


def test_japanese_pages_put_line_and_hatena_first(client, site_tree):
    blog = bilingual_blog(site_tree)
    post = BlogPostPageFactory(parent=blog["blog"], title="Alliance", slug="alliance")
    ja_post = translate_page(post, blog["ja"], title="同盟")
    section = share_section(client.get(ja_post.url).content.decode())
    assert services(section)[:2] == ["line", "hatena"]
    assert set(services(section)) == {"line", "hatena", "x", "facebook", "linkedin", "email"}
    assert "このページを共有" in section or "この記事を共有" in section


def test_no_third_party_code_or_requests(client, site_tree):
    post = BlogPostPageFactory(parent=site_tree["blog"])
    html = client.get(post.url).content.decode()
    section = share_section(html)
    # Only links; the one script is the site's own, and nothing is loaded from elsewhere.
    assert re.findall(r"<script[^>]*>", section) == ['<script src="/static/js/share.js" defer>']
    assert "<img" not in section and "<iframe" not in section
    for source in re.findall(r'\ssrc="([^"]+)"', html):
        assert source.startswith("/"), source
    # The device share button is hidden until the script finds the Web Share API.
    assert re.search(r"<button [^>]*hidden[^>]*data-share-button", section)
    script = Path(finders.find("js/share.js")).read_text()
    assert "navigator.share" in script and "fetch(" not in script


def test_share_links_function_escapes_everything():
    links = share_links("https://example.com/a?b=c", 'Quote " & <tag>', "en")
    for link in links:
        assert " " not in link["href"] and "<" not in link["href"] and '"' not in link["href"]
