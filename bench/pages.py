"""The pages the benchmark loads, their SQL queries and the post page's weight.

DJANGO_SETTINGS_MODULE=bench.settings python -m bench.pages   # prints JSON
"""

import gzip
import json
import re
import statistics
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.staticfiles import finders  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from blog.models import BlogIndexPage, BlogPostPage, CategoryPage  # noqa: E402
from core.cache import bump_generation  # noqa: E402

RENDERS = 15


def page_urls() -> dict[str, str]:
    blog = BlogIndexPage.objects.live().filter(locale__language_code="en").first()
    post = BlogPostPage.objects.live().filter(locale__language_code="en").order_by("-date").first()
    category = (
        CategoryPage.objects.live().filter(locale__language_code="en").order_by("path").first()
    )
    return {
        "home": "/",
        "index": blog.url,
        "category": category.url,
        "post": post.url,
        "feed": f"{blog.url}feed/",
        "sitemap": "/sitemap.xml",
        "sitemap page": "/sitemap-pages.xml",
        "search": "/search/?query=alliance",
    }


def post_paths(limit: int = 20_000) -> list[str]:
    """The newest English posts' addresses, for the run that reads one post after another."""
    posts = BlogPostPage.objects.live().filter(locale__language_code="en").order_by("-date")
    return [post.url for post in posts.defer_streamfields()[:limit]]


def weight(html: bytes) -> dict:
    """The post page's HTML, CSS and JavaScript, each gzipped as WhiteNoise serves them."""
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(rb'<script[^>]+src="([^"]+)"', html)
    sizes = {"html": len(gzip.compress(html, 9))}
    for url in assets:
        name = url.decode().split("?")[0].removeprefix(settings.STATIC_URL)
        name = re.sub(r"\.[0-9a-f]{12}(\.\w+)$", r"\1", name)  # hashed name -> source name
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                sizes[name] = len(gzip.compress(handle.read(), 9))
    sizes["total"] = sum(sizes.values())
    sizes["html_raw"] = len(html)
    return sizes


def render_ms(client: Client, url: str, cold: bool) -> float:
    """Median CPU milliseconds of one in-process render of ``url``.

    Warm: the fragment caches and per-process memos hold what earlier requests put there,
    as under wrk. Cold: the content generation is bumped before each request, as just after
    an editor publishes, so every fragment, memo and cached count is made afresh.
    """
    samples = []
    for _ in range(RENDERS):
        if cold:
            bump_generation()
        started = time.process_time()
        client.get(url)
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    settings.PAGE_CACHE_ENABLED = False
    client = Client()
    report = {}
    for name, url in page_urls().items():
        # Renditions and settings rows are made on a first visit; a new row starts a new
        # content generation, so the second visit warms the caches for good.
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        report[name] = {
            "url": url,
            "status": response.status_code,
            "queries": len(queries),
            "bytes": len(response.content),
            "warm_ms": render_ms(client, url, cold=False),
            "cold_ms": render_ms(client, url, cold=True),
        }
        if name == "post":
            report[name]["weight"] = weight(response.content)
    report["every post"] = {"paths": post_paths()}
    json.dump(report, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
