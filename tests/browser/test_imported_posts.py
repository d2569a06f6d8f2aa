"""Posts imported from WordPress, holding every body block (tables, code, nested lists, players,
galleries, pull quotes, buttons, downloads, page breaks), pass axe-core and the Nu Html Checker."""

import pytest
from PIL import Image as PILImage

from tests.browser.checks import axe_violations, vnu_errors
from tests.browser.conftest import DESKTOP, PHONE, serve_site_at
from tests.factories import build_site
from tests.wordpress_import.conftest import FIXTURES
from wordpress_import.importer import WordPressImporter
from wordpress_import.models import ImportedObject

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_imported_posts_with_every_block_are_accessible_and_valid(new_page, live_server, tmp_path):
    build_site()
    serve_site_at(live_server)
    uploads = tmp_path / "uploads" / "2019" / "03"
    uploads.mkdir(parents=True)
    for name in ("interview.mp3", "launch.mp4", "tide-tables.pdf"):
        (uploads / name).write_bytes(b"not really a media file")
    # Narrower than the largest rendition, as many WordPress uploads are: no width twice in a srcset.
    for name, colour in (("harbour.jpg", "#336699"), ("quay.jpg", "#996633")):
        PILImage.new("RGB", (640, 480), colour).save(uploads / name, format="JPEG")
    WordPressImporter(
        FIXTURES / "constructs.xml",
        media_dir=tmp_path / "uploads",
        media_url_map=[("https://old.example.org/wp-content/uploads/", "/media/moved/")],
    ).run()
    paths = []
    for wordpress_id in ("200", "201"):
        record = ImportedObject.objects.get(kind="post", wordpress_id=wordpress_id)
        url = record.content_object.url
        paths += [url, f"{url}?part=2"]

    documents, problems = {}, {}
    for viewport in (DESKTOP, PHONE):
        page = new_page(viewport)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            documents[path] = response.text()
            if found := axe_violations(page):
                problems[f"{path} {viewport['width']}px"] = found
    assert problems == {}, f"axe-core found WCAG 2.2 A/AA violations: {problems}"
    html_problems = vnu_errors(documents)
    assert html_problems == {}, f"the Nu Html Checker found errors: {html_problems}"
