"""The editors' desk: categories ticked, tags typed, author preset, the Posts listing and bulk filing."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest
from bs4 import BeautifulSoup

from blog.admin_views import file_post
from blog.models import Author, BlogPostPage, CategoryPage, Tag
from tests.factories import (
    AuthorFactory,
    BlogPostPageFactory,
    CategoryPageFactory,
    TagFactory,
    build_site,
    translate_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    tree = build_site()
    tree["defence"] = CategoryPageFactory(parent=tree["blog"], title="Defence", slug="defence")
    tree["navy"] = CategoryPageFactory(parent=tree["defence"], title="Navy", slug="navy")
    tree["trade"] = CategoryPageFactory(parent=tree["blog"], title="Trade", slug="trade")
    return tree


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.com", "a-long-password-1", first_name="Ann", last_name="Editor"
    )
    client.force_login(user)
    return user


def post_form(**fields) -> dict:
    data = nested_form_data(
        {
            "title": "Ships in port",
            "slug": "ships-in-port",
            "date": "2024-05-01 10:00",
            "excerpt": "",
            "body": streamfield([("paragraph", rich_text("<p>Text.</p>"))]),
            "tag_names": "",
        }
    )
    data.update(fields)
    return data


def add_url(parent: Page) -> str:
    return f"/admin/pages/add/blog/blogpostpage/{parent.pk}/"


def test_categories_are_checkboxes_of_the_posts_language_nested_as_in_the_tree(
    client, site, editor
):
    ja_blog = translate_page(site["blog"], site["ja"], title="ブログ")
    translate_page(site["defence"], site["ja"], title="防衛")
    html = client.get(add_url(site["blog"])).content.decode()
    tree = BeautifulSoup(html, "html.parser").select_one("ul.category-tree")
    top = [li.find("label").get_text(strip=True) for li in tree.find_all("li", recursive=False)]
    assert top == ["Uncategorized", "Defence", "Trade"]
    nested = tree.select("li > ul > li label")
    assert [label.get_text(strip=True) for label in nested] == ["Navy"]
    assert "防衛" not in tree.get_text()
    # The Japanese blog offers its own categories only.
    ja_tree = BeautifulSoup(client.get(add_url(ja_blog)).content, "html.parser").select_one(
        "ul.category-tree"
    )
    assert ja_tree.get_text(" ", strip=True) == "防衛"


def test_ticked_categories_and_typed_tags_are_saved_with_new_tags_made(client, site, editor):
    TagFactory(name="Alliances", locale=site["en"])
    TagFactory(name="Alliances", locale=site["ja"])
    data = post_form(tag_names='alliances, "Port visits"', **{"action-publish": "publish"})
    data["categories"] = [site["navy"].pk, site["trade"].pk]
    response = client.post(add_url(site["blog"]), data)
    assert response.status_code == 302
    post = BlogPostPage.objects.get(slug="ships-in-port")
    assert [category.title for category in post.categories] == ["Navy", "Trade"]
    # "alliances" is the existing English tag; "Port visits" is made, in English.
    assert sorted((tag.name, tag.locale.language_code) for tag in post.tags) == [
        ("Alliances", "en"),
        ("Port visits", "en"),
    ]
    assert Tag.objects.filter(name="Port visits").count() == 1

    # Editing shows them again, and unticking one keeps the other's link row.
    kept = post.category_links.get(category=site["navy"])
    edit = client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    soup = BeautifulSoup(edit, "html.parser")
    assert soup.select_one(f"input[name=categories][value='{site['navy'].pk}']").has_attr("checked")
    assert soup.select_one("input[name=tag_names]")["value"] in {
        'Alliances, "Port visits"',
        '"Port visits", Alliances',
    }
    data = post_form(tag_names="Alliances", slug="ships-in-port", **{"action-publish": "1"})
    data["categories"] = [site["navy"].pk]
    assert client.post(f"/admin/pages/{post.pk}/edit/", data).status_code == 302
    post = BlogPostPage.objects.get(pk=post.pk)
    assert [link.pk for link in post.category_links.all()] == [kept.pk]
    assert [tag.name for tag in post.tags] == ["Alliances"]


def test_a_post_with_no_category_is_uncategorised_in_its_own_language(client, site, editor):
    site["category"].delete()  # build_site's own "Uncategorized": start with none
    assert client.post(add_url(site["blog"]), post_form()).status_code == 302
    english = CategoryPage.objects.get(slug="uncategorized", locale=site["en"])
    assert english.title == "Uncategorised" and english.live
    post = BlogPostPage.objects.get(slug="ships-in-port")
    assert [link.category_id for link in post.category_links.all()] == [english.pk]

    ja_blog = translate_page(site["blog"], site["ja"], title="ブログ")
    response = client.post(add_url(ja_blog), post_form(title="港の船", slug="minato"))
    assert response.status_code == 302
    japanese = CategoryPage.objects.get(slug="uncategorized", locale=site["ja"])
    assert japanese.title == "未分類"
    assert japanese.translation_key == english.translation_key
    assert japanese.get_parent().pk == ja_blog.pk


def test_the_author_is_preset_to_the_editor_and_made_from_the_account(client, site, editor):
    # No author linked yet: the field is empty, and saving credits one made from the account.
    html = client.get(add_url(site["blog"])).content.decode()
    field = BeautifulSoup(html, "html.parser").select_one("input[name=author]")
    assert field.get("value", "") == ""
    assert client.post(add_url(site["blog"]), post_form()).status_code == 302
    author = Author.objects.get(user=editor)
    assert author.name == "Ann Editor"
    assert BlogPostPage.objects.get(slug="ships-in-port").author == author
    # Now linked: preset.
    html = client.get(add_url(site["blog"])).content.decode()
    field = BeautifulSoup(html, "html.parser").select_one("input[name=author]")
    assert field["value"] == str(author.pk)
    # A chosen author is kept.
    other = AuthorFactory(name="Ben Writer")
    client.post(add_url(site["blog"]), post_form(slug="second", author=str(other.pk)))
    assert BlogPostPage.objects.get(slug="second").author == other


def test_a_tag_that_is_too_long_is_refused_and_nothing_is_lost(client, site, editor):
    response = client.post(add_url(site["blog"]), post_form(tag_names="x" * 101))
    assert response.status_code == 200
    assert "at most 100 characters" in response.content.decode()
    assert not BlogPostPage.objects.filter(slug="ships-in-port").exists()


def test_tag_suggestions_come_from_the_posts_language(client, site, editor):
    TagFactory(name="Alliances", locale=site["en"])
    TagFactory(name="Allies", locale=site["en"])
    TagFactory(name="Alliance (ja)", locale=site["ja"])
    assert client.get("/admin/blog/tags/en/?term=all").json() == ["Alliances", "Allies"]
    assert client.get("/admin/blog/tags/ja/?term=all").json() == ["Alliance (ja)"]
    assert client.get("/admin/blog/tags/en/").json() == []
    assert client.get("/admin/blog/tags/xx/?term=a").status_code == 404


def titles(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return sorted(
        link.get_text(strip=True)
        for link in soup.select("td.title .title-wrapper > a[href$='/edit/']")
    )


def test_the_posts_listing_filters_by_status(client, site, editor):
    BlogPostPageFactory(parent=site["blog"], title="Live and translated", slug="translated")
    translated = BlogPostPage.objects.get(slug="translated")
    ja_version = translate_page(translated, site["ja"], title="翻訳済み")
    ja_version.save_revision().publish()
    BlogPostPageFactory(parent=site["blog"], title="Live only in English", slug="english")
    draft = BlogPostPageFactory(parent=site["blog"], title="A draft", slug="draft")
    draft.unpublish()
    later = BlogPostPageFactory(parent=site["blog"], title="Scheduled", slug="scheduled")
    later.unpublish()
    later.go_live_at = timezone.now() + datetime.timedelta(days=2)
    later.save_revision().publish()

    listing = "/admin/posts/"
    assert titles(client.get(listing, {"status": "draft"})) == ["A draft"]
    assert titles(client.get(listing, {"status": "scheduled"})) == ["Scheduled"]
    assert titles(client.get(listing, {"status": "live"})) == [
        "Live and translated",
        "Live only in English",
        "翻訳済み",
    ]
    assert titles(client.get(listing, {"status": "needs_translation"})) == ["Live only in English"]
    assert client.get("/admin/categories/").status_code == 200


def test_bulk_filing_adds_categories_in_each_posts_language_and_republishes(site, editor):
    english = BlogPostPageFactory(parent=site["blog"], title="English", slug="english")
    ja_blog = translate_page(site["blog"], site["ja"], title="ブログ")
    ja_defence = translate_page(site["defence"], site["ja"], title="防衛")
    japanese = BlogPostPageFactory(parent=ja_blog, title="日本語", slug="nihongo")
    draft = BlogPostPageFactory(parent=site["blog"], title="Pending", slug="pending")
    draft.title = "Pending, edited"
    draft.save_revision()

    for post in (english, japanese, draft):
        assert file_post(post, [site["defence"]], ["Harbours"], editor)
    english = BlogPostPage.objects.get(pk=english.pk)
    assert [c.pk for c in english.categories] == [site["defence"].pk]
    assert [(t.name, t.locale_id) for t in english.tags] == [("Harbours", site["en"].pk)]
    japanese = BlogPostPage.objects.get(pk=japanese.pk)
    assert [c.pk for c in japanese.categories] == [ja_defence.pk]
    assert [t.locale_id for t in japanese.tags] == [site["ja"].pk]
    # A post with changes waiting stays a draft: the categories go into its draft.
    draft = BlogPostPage.objects.get(pk=draft.pk)
    assert draft.category_link_list == [] and draft.has_unpublished_changes
    waiting = draft.get_latest_revision_as_object()
    assert [link.category_id for link in waiting.category_links.all()] == [site["defence"].pk]
    assert waiting.title == "Pending, edited"
    # Nothing new to add: nothing changes.
    assert not file_post(english, [site["defence"]], ["Harbours"], editor)


def test_reading_and_discussion_settings_are_edited_in_the_admin(client, site, editor):
    for number in range(3):
        BlogPostPageFactory(parent=site["blog"], title=f"Post {number}", slug=f"post-{number}")
    assert client.get("/blog/?page=2").status_code == 404  # ten a page by default
    form = client.get(f"/admin/settings/blog/blogsettings/{site['home'].get_site().pk}/")
    assert form.status_code == 200
    html = form.content.decode()
    for label in ("Posts per page", "Close comments after (days)", "Approve returning commenters"):
        assert label in html
    response = client.post(
        f"/admin/settings/blog/blogsettings/{site['home'].get_site().pk}/",
        {"posts_per_page": "2", "feed_items": "20", "comments_close_after_days": ""},
    )
    assert response.status_code == 302
    client.logout()
    assert client.get("/blog/?page=2").status_code == 200
    assert client.get("/blog/?page=3").status_code == 404
