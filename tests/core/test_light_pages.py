"""Light pages: small, hashed and compressed static files, responsive images, no third parties."""

import gzip
import re

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

import pytest

from tests.factories import BlogPostPageFactory

# Sizes of static files, pictures and markup: the same whatever the database engine, so
# CI's PostgreSQL pass leaves this module out (tests/database_selection.py).
pytestmark = [pytest.mark.django_db, pytest.mark.database_independent]

POST_BUDGET = 50 * 1024
ASSET = re.compile(rb'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')


@pytest.fixture
def long_post(site_tree):
    image = Image.objects.create(
        title="Harbour", file=get_test_image_file(colour="blue", size=(1600, 900))
    )
    paragraph = "<p>" + "The alliance has deepened in defence, trade and research. " * 12 + "</p>"
    body = [{"type": "paragraph", "value": paragraph} for _ in range(12)]
    body += [
        {"type": "heading", "value": {"text": "What changed", "level": "h2"}},
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "A harbour",
                "caption": "Yokosuka",
                "credit": "",
            },
        },
        {
            "type": "quote",
            "value": {
                "text": "Our closest security partner in Asia.",
                "attribution": "A minister",
                "source": "",
            },
        },
    ]
    return BlogPostPageFactory(
        parent=site_tree["blog"], title="A long post", feature_image=image, body=body
    )


def test_the_post_page_with_its_css_and_js_is_under_50_kb_compressed(long_post):
    html = Client().get(long_post.url).content
    total = len(gzip.compress(html, 9))
    assets = ASSET.findall(html)
    assert assets, "the page links its stylesheet"
    for url in assets:
        path = finders.find(url.decode().removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read(), 9))
    assert total < POST_BUDGET, f"{total} bytes"


def test_no_third_party_stylesheets_or_scripts(long_post):
    html = Client().get(long_post.url).content
    for url in ASSET.findall(html):
        assert url.startswith(b"/"), url
    head = html.split(b"</head>", 1)[0]
    # Scripts in the head must not block rendering.
    for script in re.findall(rb"<script[^>]*src=[^>]*>", head):
        assert b"defer" in script or b"async" in script or b'type="module"' in script, script


def test_images_are_responsive_avif_and_webp_with_a_jpeg_fallback(long_post):
    html = Client().get(long_post.url).content.decode()
    pictures = re.findall(r"<picture>.*?</picture>", html, re.DOTALL)
    assert len(pictures) >= 2  # the feature image and the body's image
    for picture in pictures:
        assert 'type="image/avif"' in picture
        assert 'type="image/webp"' in picture
        img = re.search(r"<img [^>]+>", picture).group(0)
        assert re.search(r'src="[^"]+\.jpg"', img), img
        assert 'width="' in img and 'height="' in img
        assert "srcset=" in picture and "sizes=" in picture


def test_static_files_are_hashed_compressed_and_cached_for_a_year(settings, tmp_path, site_tree):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    page = Client().get("/").content
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the stylesheet's name carries its hash"
    url = stylesheet.group(1).decode()
    assert (tmp_path / url.removeprefix("/static/")).with_suffix(".css.gz").exists()

    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    cache_control = response["Cache-Control"]
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600
