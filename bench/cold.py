"""Cold renders: every page type rendered in-process with every cache layer off.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.cold
    python -m bench.cold --posts 1000 --generate      # fill the database first if it has fewer posts
    python -m bench.cold --json                       # for bench/run.py
    python -m bench.cold --profile post               # where the CPU time of a post goes (cProfile)

Cold means that nothing made by an earlier request is used: Django's caches are dummies
(so the page cache, fragments, cached values, and Wagtail's own site root paths and
renditions kept in the cache all keep nothing), the page cache and fragments are switched
off, and every per-process memo (routes, sites, images) is emptied before each request. It
is what the first reader of a post sees after a change, before anything is kept again, and
what every reader would see if no cache existed. What stays: the database rows (image
renditions are rows, made when a post is first published or previewed) and Python's own
state (compiled templates, content types).

Each of the newest posts (1,000 by default) is rendered once, each other page 30 times; the
report gives the SQL queries of one render (transaction bookkeeping left out) and its CPU
time (``time.process_time``), as medians, with the targets of docs/benchmarks.md.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from blog.models import BlogIndexPage, BlogPostPage, CategoryPage  # noqa: E402
from core.cache.memo import clear_memos  # noqa: E402

# The most each page may cost cold (issue 15): SQL queries and CPU milliseconds, medians.
TARGETS: dict[str, tuple[int | None, float]] = {
    "post": (12, 8),
    "index": (12, 15),
    "category": (12, 15),
    "home": (12, 15),
    "feed": (None, 10),
    "sitemap page": (None, 40),
}
RENDERS = 30
# Statements that only open or close a transaction (ATOMIC_REQUESTS), not queries of their own.
BOOKKEEPING = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
DUMMY_CACHE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


def cold_settings() -> dict:
    """The settings under which nothing is kept between requests (see the module's docstring)."""
    return {
        "CACHES": dict.fromkeys(settings.CACHES, DUMMY_CACHE),
        "PAGE_CACHE_ENABLED": False,
        "PAGE_CACHE_FRAGMENTS": False,
    }


@contextmanager
def all_caches_off() -> Iterator[None]:
    with override_settings(**cold_settings()):
        clear_memos()
        yield


def page_urls(posts: int) -> dict[str, list[str]]:
    """The addresses measured for each page type (English, the default language)."""
    english = {"locale__language_code": settings.LANGUAGE_CODE}
    newest = BlogPostPage.objects.live().filter(**english).order_by("-date", "-pk")
    blog = BlogIndexPage.objects.live().filter(**english).first()
    categories = CategoryPage.objects.live().filter(**english).order_by("path")
    return {
        "post": [post.url for post in newest.defer_streamfields()[:posts]],
        "index": [blog.url],
        "category": [category.url for category in categories],
        "home": ["/"],
        "feed": [f"{blog.url}feed/"],
        "sitemap page": ["/sitemap-pages.xml"],
    }


def render(client: Client, url: str) -> tuple[int, int, float, list[str]]:
    """One cold render of ``url``: status, SQL queries, CPU milliseconds, the SQL."""
    clear_memos()
    # The log keeps the last 9,000 queries: full, it would make every capture look empty.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        started = time.process_time()
        response = client.get(url)
        cpu_ms = (time.process_time() - started) * 1000
    sql = [
        query["sql"]
        for query in queries.captured_queries
        if not query["sql"].startswith(BOOKKEEPING)
    ]
    return response.status_code, len(sql), cpu_ms, sql


def measure(client: Client, urls: list[str], renders: int) -> dict:
    """Median queries and CPU time over ``urls`` (each once), or ``renders`` renders of a few."""
    sequence = urls if len(urls) >= renders else [urls[n % len(urls)] for n in range(renders)]
    queries, cpu = [], []
    for url in sequence:
        status, count, cpu_ms, _sql = render(client, url)
        if status != 200:
            raise SystemExit(f"{url} answered {status} in a cold render")
        queries.append(count)
        cpu.append(cpu_ms)
    cpu.sort()
    return {
        "url": urls[0],
        "renders": len(sequence),
        "queries": statistics.median(queries),
        "queries_max": max(queries),
        "cpu_ms": statistics.median(cpu),
        "cpu_ms_p90": cpu[int(len(cpu) * 0.9) - 1] if len(cpu) >= 10 else cpu[-1],
    }


def warm_up(client: Client, urls: dict[str, list[str]]) -> None:
    """Make the image renditions (database rows) that a first publish or preview would make."""
    for name, addresses in urls.items():
        for url in addresses[: 12 if name == "post" else 1]:
            client.get(url)


def ensure_posts(posts: int) -> None:
    """Prepare the configured database: migrated, the static manifest the production settings
    read, and ``posts`` posts (bench/generate.py) if it has fewer."""
    call_command("migrate", interactive=False, verbosity=0)
    # In this process, so that its static files storage reads the manifest it writes.
    call_command("collectstatic", interactive=False, verbosity=0)
    if BlogPostPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).count() >= posts:
        return
    print(f"Generating {posts} posts in {settings.DATABASES['default']['NAME']}", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "bench.generate", "--posts", str(posts)], check=True)


def profile(client: Client, urls: list[str], renders: int, limit: int = 45) -> None:
    """cProfile (CPU time) over the cold renders of one page type, slowest callers first."""
    sequence = urls[:renders] if len(urls) >= renders else urls * renders
    profiler = cProfile.Profile(time.process_time)
    for url in sequence:
        clear_memos()
        profiler.enable()
        client.get(url)
        profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)


def print_table(results: dict) -> None:
    print(
        f"{'page':<14} {'renders':>7} {'queries':>8} {'target':>7} {'CPU ms':>7} {'p90':>6} {'target':>7}"
    )
    for name, result in results.items():
        query_target, ms_target = TARGETS.get(name, (None, None))
        print(
            f"{name:<14} {result['renders']:>7} {result['queries']:>8g} "
            f"{'≤' + str(query_target) if query_target else '–':>7} {result['cpu_ms']:>7.1f} "
            f"{result['cpu_ms_p90']:>6.1f} {'≤' + format(ms_target, 'g') if ms_target else '–':>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000, help="the newest N posts are rendered")
    parser.add_argument("--renders", type=int, default=RENDERS, help="renders of the other pages")
    parser.add_argument("--generate", action="store_true", help="make the posts if missing")
    parser.add_argument("--json", action="store_true", help="print JSON (for bench/run.py)")
    parser.add_argument("--pages", help="comma-separated page types (default: all)")
    parser.add_argument("--profile", metavar="PAGE", help="print a CPU profile of one page type")
    parser.add_argument("--sql", metavar="PAGE", help="print the SQL of one cold render")
    args = parser.parse_args()
    if args.generate:
        ensure_posts(args.posts)

    with all_caches_off():
        client = Client()
        urls = page_urls(args.posts)
        if args.pages:
            urls = {name: urls[name.strip()] for name in args.pages.split(",")}
        warm_up(client, urls)
        if args.sql:
            status, count, cpu_ms, sql = render(client, urls[args.sql][0])
            print(f"{urls[args.sql][0]}: HTTP {status}, {count} queries, {cpu_ms:.1f} ms")
            print("\n".join(sql))
            return
        if args.profile:
            profile(client, urls[args.profile], args.renders)
            return
        results = {
            name: measure(client, addresses, args.renders) for name, addresses in urls.items()
        }

    if args.json:
        json.dump({"targets": TARGETS, "pages": results}, sys.stdout, indent=1)
    else:
        print_table(results)


if __name__ == "__main__":
    main()
