"""Every construct of WordPress's two editors becomes its own block: one export holds each of
them in classic form (post 200) and in block-editor form (post 201), and both give the HTML below."""

from django.test import SimpleTestCase

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest

from blog.models import BlogPostPage, ContentPage
from comments.models import Comment
from wordpress_import.importer import WordPressImporter
from wordpress_import.models import ImportedObject

pytestmark = pytest.mark.django_db

URL_MAP = [("https://old.example.org/wp-content/uploads/", "https://files.example.net/up/")]


@pytest.fixture
def imported(site_tree, export_path, construct_uploads):
    report = WordPressImporter(
        export_path("constructs.xml"), media_dir=construct_uploads, media_url_map=URL_MAP
    ).run()
    return report


def post(wordpress_id: str) -> BlogPostPage:
    record = ImportedObject.objects.get(kind="post", wordpress_id=wordpress_id)
    return BlogPostPage.objects.get(pk=record.object_id)


def rendered(page: BlogPostPage, block_type: str, index: int = 0) -> str:
    blocks = [child for child in page.body if child.block_type == block_type]
    return blocks[index].render()


def post_body(html: str) -> str:
    return html.split('<div class="post-body">', 1)[1].split("</article>", 1)[0]


def document(title: str):
    return get_document_model().objects.get(title=title)


def assert_html(html: str, expected: str) -> None:
    SimpleTestCase().assertHTMLEqual(html, expected)


TABLE = """<div class="table" role="region" tabindex="0" aria-label="High water at Dover"><table>
<caption>High water at Dover</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Height</th></tr></thead>
<tbody><tr><td>06:12</td><td><b>6.1 m</b></td></tr><tr><td>18:40</td><td>5.9 m</td></tr></tbody>
</table></div>"""

NESTED_LIST = (
    "<ul><li>Boats<ol><li>Ferries<ul><li>Night ferries</li></ul></li></ol></li><li>Gulls</li></ul>"
)

PYTHON = (
    '<pre class="code" tabindex="0" data-language="python"><code class="language-python">'
    '<span class="k">def</span><span class="w"> </span><span class="nf">tide</span><span class="p">(</span>'
    '<span class="n">hour</span><span class="p">):</span>\n    <span class="k">return</span> '
    '<span class="n">hour</span> <span class="o">&lt;</span> <span class="mi">12</span>'
    "</code></pre>"
)
PREFORMATTED = '<pre class="code" tabindex="0"><code>Plain    preformatted\ntext</code></pre>'


@pytest.mark.parametrize("wordpress_id", ["200", "201"])
def test_each_construct_becomes_its_block_in_both_editors(imported, wordpress_id):
    page = post(wordpress_id)
    interview, launch, tables = document("Interview"), document("Launch"), document("Tide tables")
    assert_html(rendered(page, "table"), TABLE)
    assert_html(rendered(page, "code"), PYTHON)
    assert_html(rendered(page, "code", 1), PREFORMATTED)
    assert_html(rendered(page, "list"), NESTED_LIST)
    assert_html(
        rendered(page, "audio"),
        f"""<figure class="audio"><audio controls preload="none" src="{interview.url}">
        <a href="{interview.url}">Download the recording</a></audio>
        {"<figcaption>The harbour master speaks</figcaption>" if wordpress_id == "201" else ""}</figure>""",
    )
    # A file that was not brought along plays from where --media-url-map says it is now.
    assert_html(
        rendered(page, "video"),
        """<figure class="video"><video controls preload="metadata" src="https://files.example.net/up/2019/03/storm.mp4">
        <a href="https://files.example.net/up/2019/03/storm.mp4">Download the video</a></video></figure>""",
    )
    assert_html(rendered(page, "separator"), '<hr class="separator">')
    assert_html(
        rendered(page, "document"),
        f'<p class="download"><a href="{tables.url}" download>Tide tables for March</a> '
        f'<span class="download-meta">(PDF, {tables.file_size}\xa0bytes)</span></p>',
    )
    gallery = rendered(page, "gallery")
    assert gallery.count("<picture>") == 2
    assert 'alt="Fishing boats moored at dawn"' in gallery and 'alt="The quay"' in gallery
    assert "<figcaption>Boats at first light</figcaption>" in gallery
    types = [child.block_type for child in page.body]
    assert types.count("page_break") == 1 and types[-1] == "paragraph"
    if wordpress_id == "200":
        assert launch.url in rendered(page, "video", 1)
    assert get_image_model().objects.filter(title__in=["Harbour photo", "Quay"]).count() == 2


def test_block_editor_only_constructs(imported):
    page = post("201")
    assert_html(
        rendered(page, "quote"),
        '<figure class="quote pullquote"><blockquote><p>The sea keeps its own timetable.</p>'
        "</blockquote><figcaption>A harbour master</figcaption></figure>",
    )
    assert_html(
        rendered(page, "button"),
        '<p class="call-out"><a class="button" href="https://tides.example.net/dover">Today&#x27;s tides</a></p>',
    )
    paragraphs = [child.render() for child in page.body if child.block_type == "paragraph"]
    for words in ("The tide comes <i>in</i>,<br/>the tide goes out.", "Left column.",
                  "Right column.", "Words over the quay.", "Words beside the boats.",
                  "A signature used on every post.", "Four stars out of five"):  # fmt: skip
        assert any(words in paragraph for paragraph in paragraphs), words
    # The gallery's own caption, the cover's picture and the media-and-text picture.
    assert "<figcaption>Dover in March</figcaption>" in rendered(page, "gallery")
    assert [child.value["image"].title for child in page.body if child.block_type == "image"] == [
        "Quay",
        "Harbour photo",
    ]


def test_the_report_lists_only_what_a_plugin_made(imported):
    warnings = " ".join(warning.message for warning in imported.warnings)
    assert "kept as plain content: acme/rating" in warnings
    assert "latest-posts" in warnings  # left out, and said so
    for word in ("table", "Code", "Nested", "Audio", "removed", "kept as text", "kept as a link"):
        assert word not in warnings, word
    assert "wp_block" not in warnings


def test_a_split_post_is_served_in_parts(imported, client):
    page = post("200")
    first = client.get(page.url)
    second = client.get(page.url + "?part=2")
    assert first.status_code == 200 and second.status_code == 200
    first_body, second_body = post_body(first.text), post_body(second.text)
    assert "An opening paragraph." in first_body and "The second page." not in first_body
    assert "The second page." in second_body and "An opening paragraph." not in second_body
    assert f'<a href="{page.url}" rel="prev" aria-label="Page 1">1</a>' in second.text
    assert client.get(page.url + "?part=3").status_code == 404


def test_comments_on_a_static_page_come_with_it(imported, client):
    record = ImportedObject.objects.get(kind="page", wordpress_id="210")
    about = ContentPage.objects.get(pk=record.object_id)
    assert about.comments_enabled
    first, reply = Comment.objects.filter(post=about).order_by("wordpress_id")
    assert (first.body, first.status) == ("Lovely page about the harbour.", "approved")
    assert reply.parent_id == first.pk
    shown = client.get(about.url).text
    assert "Lovely page about the harbour." in shown and "Thank you, come again." in shown
    assert not any("static page" in warning.message for warning in imported.warnings)
