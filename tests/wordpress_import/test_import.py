"""Importing a hand-written export end to end: pages, blocks, comments, media, redirects, re-runs."""

import datetime
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site

import pytest

from blog.models import Author, BlogPostPage, CategoryPage, ContentPage, Tag
from comments.models import Comment
from home.models import HomePage
from wordpress_import.importer import WordPressImporter
from wordpress_import.models import ImportedObject

pytestmark = pytest.mark.django_db


def run(export, **options):
    return WordPressImporter(export, **options).run()


def post(wordpress_id: str) -> BlogPostPage:
    record = ImportedObject.objects.get(kind="post", wordpress_id=wordpress_id)
    return BlogPostPage.objects.get(pk=record.object_id)


@pytest.fixture
def imported(site_tree, export_path, uploads):
    report = run(export_path("classic.xml"), media_dir=uploads)
    return {"report": report, **site_tree}


def test_posts_fields_and_state(imported):
    dover = post("100")
    assert dover.title == "Tides at Dover"
    assert dover.slug == "tides-at-dover"
    assert dover.live and dover.sticky and dover.comments_enabled
    assert dover.date == datetime.datetime(2019, 3, 14, 10, 30, tzinfo=datetime.UTC)
    assert dover.excerpt == "Two tides and a patient ferry."
    assert dover.author.name == "Ada Mariner"
    assert dover.get_parent().specific == imported["blog"]
    assert [c.title for c in dover.categories] == ["Lighthouses"]
    assert sorted(t.name for t in dover.tags) == ["Ferries", "Tides"]
    assert dover.feature_image.title == "Harbour photo"

    fog = post("101")
    assert fog.title == "Fog signals & horns"  # HTML in the title removed
    assert not fog.comments_enabled

    future = post("103")
    assert not future.live
    assert future.go_live_at == datetime.datetime(2099, 4, 1, 8, 0, tzinfo=datetime.UTC)
    assert future.latest_revision.approved_go_live_at == future.go_live_at  # scheduled

    draft = post("104")
    assert not draft.live
    assert draft.slug == "half-written-notes"  # no post_name: made from the title
    assert not post("105").live
    private = post("106")
    assert not private.live
    assert PageViewRestriction.objects.filter(page=private, restriction_type="login").exists()

    untitled = post("107")
    assert untitled.title == "A status update with no headline at all."
    assert any(
        "title was empty" in m for m in imported["report"].messages_for("post 107 “(no title)”")
    )

    again = post("108")
    assert again.slug == "tides-at-dover-2"  # duplicate slug made unique


def test_imported_posts_are_searchable(imported):
    # Indexing is deferred during the import and done once at its end.
    assert post("100") in BlogPostPage.objects.live().search("quay")
    assert post("101") in BlogPostPage.objects.live().search("foghorns")


def test_page_history_records_the_creation(imported):
    from wagtail.models import PageLogEntry

    entries = PageLogEntry.objects.filter(page=post("100"))
    assert [entry.action for entry in entries] == ["wagtail.create"]
    assert entries[0].label == "Tides at Dover"


def test_authors_with_stray_markup(imported):
    assert sorted(Author.objects.values_list("name", flat=True)) == ["Ada Mariner", "Kenji Sato"]


def test_category_hierarchy_and_tags(imported):
    coasts = CategoryPage.objects.get(slug="coasts", locale=imported["en"])
    lighthouses = CategoryPage.objects.get(slug="lighthouses", locale=imported["en"])
    assert coasts.title == "Coasts & Capes"
    assert lighthouses.get_parent().pk == coasts.pk
    assert coasts.get_parent().pk == imported["blog"].pk
    # The existing "Uncategorized" category is reused, not duplicated.
    assert CategoryPage.objects.filter(slug="uncategorized", locale=imported["en"]).count() == 1
    assert Tag.objects.filter(slug="tides", locale=imported["en"]).exists()
    assert Tag.objects.filter(slug="港", locale=imported["ja"]).exists()


def test_body_blocks(imported):
    body = post("100").body
    kinds = [block.block_type for block in body]
    assert kinds == [
        "paragraph", "paragraph", "more", "embed", "image", "paragraph", "quote", "heading",
        "list", "numbered_list", "table", "gallery", "paragraph",
    ]  # fmt: skip
    assert "Nobody on the quay" in body[0].value.source
    # A link to the old blog becomes site-relative, so its redirect carries readers over.
    assert 'href="/2018/11/02/fog-signals/"' in body[1].value.source
    assert body[3].value["embed"].url == "https://www.youtube.com/watch?v=tide0001"
    image = body[4].value
    assert image["image"].title == "Harbour photo"
    assert image["alt_text"] == "Fishing boats moored at dawn"
    assert image["caption"] == "Boats waiting for the flood tide"
    assert (
        'href="https://old.example.org/wp-content/uploads/2019/03/chart.png"'
        in body[5].value.source
    )
    assert body[6].value["attribution"] == "A harbour master"
    assert [item["text"].source for item in body[8].value] == [
        "<p>A flask of tea</p>",
        "<p>Boots that <i>really</i> keep water out</p>",
    ]
    assert [column["heading"] for column in body[10].value.columns] == ["High water", "Height"]
    assert body[11].value["images"][0]["image"].title == "Harbour photo"  # [gallery]
    assert "[tidewidget" in body[12].value.source

    fog = [block.block_type for block in post("101").body]
    assert fog == [
        "paragraph",
        "heading",
        "quote",
        "more",
        "embed",
        "image",
        "numbered_list",
        "code",
    ]

    warnings = imported["report"].messages_for("post 100 “Tides at Dover”")
    assert any("tidewidget" in m for m in warnings)
    assert not any("table" in m for m in warnings)  # a table block of its own now
    assert any("chart.png" in m for m in warnings)


def test_japanese_post_goes_to_the_japanese_tree(imported):
    japanese = post("102")
    assert japanese.locale == imported["ja"]
    assert japanese.slug == "港の朝"
    blog_ja = japanese.get_parent().specific
    assert blog_ja.translation_key == imported["blog"].translation_key
    assert blog_ja.live
    category = japanese.categories[0]
    assert category.locale_id == imported["ja"].pk
    assert (
        category.translation_key
        == CategoryPage.objects.get(slug="lighthouses", locale=imported["en"]).translation_key
    )
    assert [t.name for t in japanese.tags] == ["港"]


def test_language_can_be_forced(site_tree, export_path, uploads):
    run(export_path("classic.xml"), media_dir=uploads, language="en")
    assert post("102").locale == site_tree["en"]


def test_comments_threaded_with_status_and_type(imported):
    comments = {c.wordpress_id: c for c in Comment.objects.filter(post=post("100"))}
    assert sorted(comments) == [501, 502, 503, 504]
    assert comments[501].parent is None
    assert comments[502].parent == comments[501]
    assert comments[503].parent == comments[502]
    assert comments[501].status == Comment.Status.APPROVED
    assert comments[503].status == Comment.Status.PENDING
    assert comments[504].comment_type == Comment.Type.PINGBACK
    assert (
        comments[501].body == "Lovely piece. My own notes (https://gulls.example.net/dover) agree."
    )
    assert comments[501].ip_address == "192.0.2.10"
    assert comments[502].ip_address is None
    assert comments[501].created_at == datetime.datetime(2019, 3, 15, 8, 0, tzinfo=datetime.UTC)
    assert "[…]" in comments[504].body


def test_pingbacks_follow_the_setting(site_tree, export_path, uploads, settings):
    settings.BLOG_IMPORT_PINGBACKS = "skip"
    run(export_path("classic.xml"), media_dir=uploads)
    assert not Comment.objects.filter(comment_type="pingback").exists()
    assert Comment.objects.filter(post=post("100")).count() == 3


def test_media(imported):
    images = get_image_model().objects.all()
    assert [image.title for image in images] == ["Harbour photo"]
    assert images[0].width == 64
    documents = get_document_model().objects.all()
    assert [document.title for document in documents] == ["Tide tables"]
    assert any(
        "chart.png" in m for m in imported["report"].messages_for("attachment 6 “Lost chart”")
    )


def test_static_pages_keep_their_hierarchy(imported):
    about = ContentPage.objects.get(slug="about")
    contact = ContentPage.objects.get(slug="contact")
    assert about.get_parent().pk == imported["home"].pk
    assert contact.get_parent().pk == about.pk
    assert about.live
    assert about.body[0].value.source == "<p>Written from a desk that faces the water.</p>"


def test_old_links_redirect(imported, client):
    dover = post("100")
    for old in [
        "/2019/03/14/tides-at-dover/",
        "/2019/03/tides-at-dover/",
        "/tides-at-dover/",
        "/?p=100",
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == dover.url
    japanese = post("102")
    for old in [
        "/2020/06/01/%E6%B8%AF%E3%81%AE%E6%9C%9D/",
        "/2020/06/01/%e6%b8%af%e3%81%ae%e6%9c%9d/",
        "/港の朝/",
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == japanese.url
    lighthouses = CategoryPage.objects.get(slug="lighthouses", locale=imported["en"])
    assert client.get("/category/coasts/lighthouses/")["Location"] == lighthouses.url
    assert client.get("/category/lighthouses/")["Location"] == lighthouses.url
    assert client.get("/about/contact/").status_code == 200  # the page itself lives there now
    assert client.get("/?page_id=201")["Location"] == ContentPage.objects.get(slug="contact").url
    image = get_image_model().objects.get()
    assert client.get("/wp-content/uploads/2019/03/harbour.jpg")["Location"] == image.file.url
    assert client.get("/2019/03/14/tides-at-dover/harbour/")["Location"] == image.file.url
    # Archives and feeds: the blog's routes of the same shape (the author's by the new slug).
    blog_url = imported["blog"].url
    author_slug = post("100").author.slug
    for old, new in [
        ("/tag/tides/", "tag/tides/"),
        ("/tag/tides/feed/", "tag/tides/feed/"),
        ("/author/mariner/", f"author/{author_slug}/"),
        ("/feed/", "feed/"),
        ("/feed/atom/", "feed/atom/"),
        ("/2019/03/", "2019/03/"),
        ("/2019/", "2019/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == blog_url + new, old
        assert client.get(response["Location"]).status_code == 200, new
    assert client.get("/category/coasts/lighthouses/feed/")["Location"] == lighthouses.url + "feed/"
    assert Redirect.objects.get(old_path="/tides-at-dover").is_permanent


def test_second_run_duplicates_nothing(imported, export_path, uploads):
    counts = lambda: (  # noqa: E731
        BlogPostPage.objects.count(), ContentPage.objects.count(), CategoryPage.objects.count(),
        Comment.objects.count(), Redirect.objects.count(), Tag.objects.count(), Author.objects.count(),
        get_image_model().objects.count(), get_document_model().objects.count(), Page.objects.count(),
    )  # fmt: skip
    before = counts()
    report = run(export_path("classic.xml"), media_dir=uploads)
    assert counts() == before
    assert not report.created
    assert report.skipped["post"] == 9
    assert Page.find_problems() == ([], [], [], [], [])


def test_second_run_updates_changed_posts_but_not_ones_edited_here(
    imported, export_path, uploads, tmp_path
):
    dover, fog = post("100"), post("101")
    fog.title = "Edited on the new site"
    fog.save_revision()
    changed = export_path("classic.xml").read_text()
    changed = changed.replace("Two tides and a patient ferry.", "A new excerpt from WordPress.")
    changed = changed.replace("Foghorns used to sound", "Foghorns once sounded")
    export = tmp_path / "changed.xml"
    export.write_text(changed)

    report = run(export, media_dir=uploads)
    assert report.updated["post"] == 1
    assert post("100").excerpt == "A new excerpt from WordPress."
    assert post("100").pk == dover.pk
    assert "Foghorns used to sound" in post("101").body[0].value.source
    assert any("use --update" in m for m in report.messages_for("post 101 “Fog signals & horns”"))

    report = run(export, media_dir=uploads, update=True)
    fog = post("101")
    assert "Foghorns once sounded" in fog.body[0].value.source
    assert fog.title == "Fog signals & horns"
    # The editor opens the latest revision: it must hold the imported text too.
    assert "Foghorns once sounded" in fog.get_latest_revision_as_object().body[0].value.source
    assert fog.live
    assert BlogPostPage.objects.count() == 9


def test_dry_run_changes_nothing(site_tree, export_path, uploads, settings):
    pages_before = Page.objects.count()
    files = lambda: {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}  # noqa: E731
    files_before = files()
    report = run(export_path("classic.xml"), media_dir=uploads, dry_run=True)
    assert files() == files_before  # the media stored during the dry run were removed again
    assert report.created["post"] == 9
    assert Page.objects.count() == pages_before
    assert not Comment.objects.exists()
    assert not Redirect.objects.exists()
    assert not get_image_model().objects.exists()
    assert not ImportedObject.objects.exists()
    assert "Dry run" in report.render()


@pytest.mark.parametrize("name", ["malformed.xml", "entity-bomb.xml", "external-entity.xml"])
def test_bad_files_write_nothing(site_tree, export_path, name):
    pages_before = Page.objects.count()
    with pytest.raises(CommandError, match="Nothing was imported. Line"):
        call_command("import_wordpress", str(export_path(name)), "--no-progress")
    assert Page.objects.count() == pages_before
    assert not ImportedObject.objects.exists()


def test_command_reports_and_shows_progress(site_tree, export_path, uploads, capsys):
    call_command("import_wordpress", str(export_path("classic.xml")), "--media-dir", str(uploads))
    out, err = capsys.readouterr()
    assert "Imported 15 of 15 items" in err  # plain lines when not on a terminal
    assert "post " in out and "warnings:" in out
    assert "attachment 6 “Lost chart”: File not found" in out


def test_an_empty_install_gets_its_site_from_the_channel(db, export_path):
    call_command("import_wordpress", str(export_path("classic.xml")), "--no-progress")
    homes = {home.locale.language_code: home for home in HomePage.objects.all()}
    assert homes["en"].title == homes["ja"].title == "Harbour Notes"
    assert homes["en"].tagline == "Letters about ports, ships and tea"
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page_id) == ("old.example.org", 443, homes["en"].pk)
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()  # no "Welcome"
    assert post("100").get_parent().get_parent().pk == homes["en"].pk


def test_a_bad_media_url_map_is_a_clear_error(site_tree, export_path):
    with pytest.raises(CommandError, match="OLD=NEW"):
        call_command(
            "import_wordpress", str(export_path("classic.xml")), "--media-url-map", "nonsense"
        )


def test_wordpress_com_export(site_tree, export_path):
    run(export_path("wordpress-com.xml"))
    page = BlogPostPage.objects.get(slug="locks-and-weirs")
    assert page.title == "Locks & weirs"
    assert page.author.name == "Bea Wright"
    assert timezone.localtime(page.date).hour == 21  # 20:30 UTC is 21:30 in London in July
    assert [c.title for c in page.categories] == ["Journeys"]
