"""Times the WordPress importer on a generated export: 10,000 posts with comments by default.

    .venv/bin/python bench/import_wordpress.py                 # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python bench/import_wordpress.py
    .venv/bin/python bench/import_wordpress.py --posts 500     # a quick look

It writes the export, migrates an empty database, builds the site (home, blog, a
Japanese locale), then runs ``manage.py import_wordpress`` in a child process and reports
its wall time, CPU time (user + system) and peak memory (maximum resident set size of
the child). On a shared machine the wall time depends on the load; the CPU time does not.
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

WORDS = [
    "harbour",
    "tide",
    "ferry",
    "channel",
    "lighthouse",
    "cargo",
    "pilot",
    "current",
    "chart",
    "signal",
    "dock",
    "crane",
    "weather",
    "bridge",
    "beacon",
    "sail",
    "anchor",
    "quay",
    "buoy",
    "island",
    "strait",
    "voyage",
    "compass",
    "keel",
    "rope",
]
JAPANESE = "港の朝は静かで漁船がゆっくりと戻ってきました灯台の光が消える頃市場が開きます"


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text.capitalize() + "."


def classic_body(rng: random.Random, post_id: int) -> str:
    parts = [" ".join(sentence(rng) for _ in range(4)) + "\n" + sentence(rng) for _ in range(3)]
    parts.insert(1, "<!--more-->")
    if post_id % 5 == 0:
        parts.append("<blockquote>" + sentence(rng) + "\n<cite>A pilot</cite></blockquote>")
    if post_id % 7 == 0:
        parts.append(
            "<ul>\n<li>" + sentence(rng, 4) + "</li>\n<li>" + sentence(rng, 5) + "</li>\n</ul>"
        )
    if post_id % 11 == 0:
        parts.append(f"https://www.youtube.com/watch?v=bench{post_id}")
    if post_id % 13 == 0:
        parts.append("<h3>" + sentence(rng, 3) + "</h3>")
    return "\n\n".join(parts)


def block_body(rng: random.Random, post_id: int) -> str:
    blocks = [
        f"<!-- wp:paragraph -->\n<p>{sentence(rng, 20)}</p>\n<!-- /wp:paragraph -->"
        for _ in range(4)
    ]
    blocks.insert(1, "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->")
    blocks.append(f"<!-- wp:heading -->\n<h2>{sentence(rng, 4)}</h2>\n<!-- /wp:heading -->")
    return "\n\n".join(blocks)


def comment_xml(rng: random.Random, comment_id: int, parent: int, approved: str, kind: str) -> str:
    return f"""
		<wp:comment>
			<wp:comment_id>{comment_id}</wp:comment_id>
			<wp:comment_author><![CDATA[Reader {comment_id % 97}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader{comment_id % 97}@example.net]]></wp:comment_author_email>
			<wp:comment_author_url></wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.{comment_id % 250}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[2020-01-01 12:00:00]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[2020-01-01 12:00:00]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[{sentence(rng, 15)}]]></wp:comment_content>
			<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[{kind}]]></wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>"""


def generate(path: Path, posts: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    comments = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel>\n<title>Bench</title><link>https://bench.example</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>"
            "<wp:base_blog_url>https://bench.example</wp:base_blog_url>\n"
        )
        for number in range(5):
            out.write(
                f"<wp:author><wp:author_login>writer{number}</wp:author_login>"
                f"<wp:author_display_name>Writer {number}</wp:author_display_name></wp:author>\n"
            )
        for number in range(20):
            parent = f"topic-{number // 4 * 4}" if number % 4 else ""
            out.write(
                f"<wp:category><wp:term_id>{number + 1}</wp:term_id><wp:category_nicename>topic-{number}"
                f"</wp:category_nicename><wp:category_parent>{parent}</wp:category_parent>"
                f"<wp:cat_name>Topic {number}</wp:cat_name></wp:category>\n"
            )
        for number in range(100):
            out.write(
                f"<wp:tag><wp:term_id>{number + 100}</wp:term_id><wp:tag_slug>word-{number}</wp:tag_slug>"
                f"<wp:tag_name>word {number}</wp:tag_name></wp:tag>\n"
            )
        comment_id = 1
        for post_id in range(1, posts + 1):
            japanese = post_id % 10 == 0
            title = JAPANESE[: 8 + post_id % 10] if japanese else sentence(rng, 5)[:-1]
            if japanese:
                body = "\n\n".join(JAPANESE for _ in range(3))
            elif post_id % 2:
                body = classic_body(rng, post_id)
            else:
                body = block_body(rng, post_id)
            day = 1 + post_id % 28
            month = 1 + post_id % 12
            year = 2010 + post_id % 12
            date = f"{year}-{month:02d}-{day:02d} 10:{post_id % 60:02d}:00"
            categories = [f"topic-{(post_id + k) % 20}" for k in range(1 + post_id % 2)]
            tags = [f"word-{(post_id * 7 + k) % 100}" for k in range(post_id % 4)]
            terms = "".join(
                f'<category domain="category" nicename="{slug}"><![CDATA[Topic]]></category>'
                for slug in categories
            ) + "".join(
                f'<category domain="post_tag" nicename="{slug}"><![CDATA[word]]></category>'
                for slug in tags
            )
            post_comments = []
            first = comment_id
            for index in range(post_id % 9):  # 0 to 8 comments, 4 on average
                parent = first if index and index % 3 == 0 else 0
                approved = "0" if index == 4 else "1"
                kind = "pingback" if index == 7 else "comment"
                post_comments.append(comment_xml(rng, comment_id, parent, approved, kind))
                comment_id += 1
            comments += len(post_comments)
            out.write(
                f"""<item>
		<title>{escape(title)}</title>
		<link>https://bench.example/{year}/{month:02d}/{day:02d}/post-{post_id}/</link>
		<dc:creator><![CDATA[writer{post_id % 5}]]></dc:creator>
		<guid isPermaLink="false">https://bench.example/?p={post_id}</guid>
		<content:encoded><![CDATA[{body}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date><![CDATA[{date}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:post_name><![CDATA[post-{post_id}]]></wp:post_name>
		<wp:status><![CDATA[{"draft" if post_id % 50 == 0 else "publish"}]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:is_sticky>0</wp:is_sticky>
		{terms}{"".join(post_comments)}
	</item>
"""
            )
        out.write("</channel>\n</rss>\n")
    return {"posts": posts, "comments": comments, "bytes": path.stat().st_size}


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    export = workdir / "export.xml"
    stats = generate(export, args.posts)
    print(
        f"export: {stats['posts']} posts, {stats['comments']} comments, {stats['bytes'] / 1e6:.1f} MB"
    )

    env = dict(
        os.environ, DJANGO_SETTINGS_MODULE="settings.test", MEDIA_ROOT=str(workdir / "media")
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    database = env["DATABASE_URL"].split(":", 1)[0]
    manage(env, "migrate", "--noinput", "-v", "0")
    subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); from tests.factories import build_site; build_site()"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    result = manage(env, "import_wordpress", str(export), "--no-progress")
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # The largest child: the import (migrate and the site builder are smaller processes).
    peak_mb = after.ru_maxrss / 1024
    load = f"{load_before:.1f} → {os.getloadavg()[0]:.1f}"
    print(result.stdout.split("warnings:")[0][-1500:])
    print(f"database: {database}; load average (1 min) {load} on {os.cpu_count()} cores")
    print(f"import: {elapsed:.1f} s wall, {cpu:.1f} s CPU, peak RSS {peak_mb:.0f} MB")
    print(
        f"| {database} | {stats['posts']:,} | {stats['comments']:,} | {elapsed:.0f} s | {cpu:.0f} s "
        f"| {peak_mb:.0f} MB | {load} |"
    )


if __name__ == "__main__":
    main()
