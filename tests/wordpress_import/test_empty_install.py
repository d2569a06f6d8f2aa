"""From an empty install to a served blog: migrate, import, then what `make run` does, in a
fresh SQLite database driven through manage.py in subprocesses, as an author would."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "wordpress_import" / "fixtures" / "classic.xml"

# What the served site must show (the imported blog) and must not (the demo's posts).
CHECK = """
from django.test import Client
from wagtail.models import Site
from blog.models import BlogIndexPage, BlogPostPage
from home.models import HomePage

client = Client(HTTP_HOST="127.0.0.1")
site = Site.objects.get(is_default_site=True)
print("site", site.hostname, site.port, site.site_name)
print("homes", sorted(h.locale.language_code + ":" + h.title + ":" + h.tagline for h in HomePage.objects.all()))
print("blogs", sorted(b.locale.language_code + ":" + b.title for b in BlogIndexPage.objects.all()))
print("posts", BlogPostPage.objects.count())
for path in ("/", "/blog/", "/ja/", "/ja/blog/", "/blog/tides-at-dover/"):
    response = client.get(path, follow=True)
    print("GET", path, response.status_code)
    if path == "/blog/":
        print("index", "Tides at Dover" in response.text, "Fog signals" in response.text)
"""


def manage(database: Path, media: Path, *args: str) -> str:
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "settings.dev",
        "MEDIA_ROOT": str(media),
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_import_into_an_empty_install_then_run_serves_the_blog_without_the_demo(tmp_path):
    database, media = tmp_path / "fresh.sqlite3", tmp_path / "media"
    manage(database, media, "migrate", "--noinput", "-v0")
    report = manage(database, media, "import_wordpress", str(FIXTURE), "--no-progress")
    assert "Created HomePage “Harbour Notes” (en)" in report
    assert "Created Site old.example.org:443" in report
    assert "Created BlogIndexPage “ブログ” (ja)" in report
    # What `make run` does next: the demo must not enter a site that has imported content.
    demo = manage(database, media, "load_demo_content", "--if-empty")
    assert "demo content not loaded" in demo

    state = manage(database, media, "shell", "-c", CHECK)
    assert "site old.example.org 443 Harbour Notes" in state
    assert (
        "homes ['en:Harbour Notes:Letters about ports, ships and tea', "
        "'ja:Harbour Notes:Letters about ports, ships and tea']" in state
    )
    assert "blogs ['en:Blog', 'ja:ブログ']" in state
    for path in ("/", "/blog/", "/ja/", "/ja/blog/", "/blog/tides-at-dover/"):
        assert f"GET {path} 200" in state, state
    assert "index True True" in state
    # Nothing else: exactly the export's posts (the demo has seven of its own).
    posts = int(state.split("posts ", 1)[1].split()[0])
    assert posts == 9, state
