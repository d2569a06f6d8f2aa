"""An editor writes a post with every kind of block, ticks categories, types tags, previews and publishes; another post is scheduled and goes live on time."""

import datetime
import re
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

import pytest

from blog.models import BlogPostPage, Tag
from tests.browser.admin import (
    add_block,
    log_in,
    picture_file,
    publish,
    type_rich_text,
    type_tags,
)
from tests.browser.conftest import DESKTOP, serve_site_at
from tests.factories import CategoryPageFactory, build_site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Harbour diplomacy in the Seto Inland Sea"
EMBED_URL = "https://video.example.test/watch/harbour-visit"


def test_editor_writes_previews_and_publishes_a_post_with_every_block(
    new_page, live_server, oembed_provider
):
    site = build_site()
    serve_site_at(live_server)
    defence = CategoryPageFactory(
        parent=site["blog"], title="Defence cooperation", slug="defence-cooperation"
    )
    CategoryPageFactory(parent=defence, title="Naval visits", slug="naval-visits")
    get_user_model().objects.create_superuser("editor", "editor@example.com", "editor-password-1")

    page = new_page(DESKTOP)
    log_in(page, "editor", "editor-password-1")
    page.goto(f"/admin/pages/{site['blog'].pk}/")
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_role("link", name="Blog post", exact=True).click()
    page.fill("#id_title", TITLE)

    add_block(page, "Paragraph")
    type_rich_text(page, "body-0-value", "The first paragraph opens the post.")
    add_block(page, "Excerpt break (“more”)")
    add_block(page, "Heading")
    page.fill("#body-2-value-text", "Ships in port")
    page.select_option("#body-2-value-level", "h2")
    add_block(page, "Quote")
    type_rich_text(page, "body-3-value-text", "A port visit says more than a communiqué.")
    page.fill("#body-3-value-attribution", "A naval attaché")
    page.fill("#body-3-value-source_title", "Harbour Notes")
    add_block(page, "Bulleted list")
    # One item each: since list items hold lists of their own, the list's "+" and its items'
    # sub-list "+" are alike, and picking the right one by position proved unreliable in CI.
    type_rich_text(page, "body-4-value-0-value-text", "Frigates")
    add_block(page, "Numbered list")
    type_rich_text(page, "body-5-value-0-value-text", "Arrive")
    add_block(page, "Image")
    page.locator("#body-6-value-image-chooser .unchosen button").click()
    modal = page.locator(".modal")
    page.get_by_role("tab", name="Upload").click()
    modal.locator("input[type=file]").set_input_files(picture_file())
    modal.locator("form input[name$='title']").fill("Harbour at dusk")
    modal.locator("form").get_by_role("button", name="Upload").click()
    modal.wait_for(state="hidden")
    page.fill("#body-6-value-alt_text", "Two grey ships moored in a harbour at dusk")
    page.fill("#body-6-value-caption", "Moored side by side")
    page.fill("#body-6-value-credit", "Test Photographer")
    add_block(page, "Embed")
    page.fill("#body-7-value-embed", EMBED_URL)
    page.fill("#body-7-value-caption", "The visit on video")
    # Categories are checkboxes, nested as in the tree; tags are typed, new ones made on saving.
    categories = page.locator("ul.category-tree")
    assert categories.locator("li li", has_text="Naval visits").count() == 1
    categories.get_by_label("Defence cooperation").check()
    categories.get_by_label("Naval visits").check()
    type_tags(page, "tag_names", ["Royal Navy", "Port visits"])

    # The preview panel renders the unsaved post with the site's own templates.
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("#w-preview-iframe")
    preview.get_by_role("heading", name=TITLE, level=1).wait_for(timeout=30_000)
    assert preview.locator(".post-body ul li").all_inner_texts() == ["Frigates"]
    assert preview.locator(".post-body figure.image img").get_attribute("alt") == (
        "Two grey ships moored in a harbour at dusk"
    )

    publish(page)
    page.wait_for_url(f"**/admin/pages/{site['blog'].pk}/")
    assert f"'{TITLE}' has been published" in page.locator(".messages").inner_text()

    # The public blog lists it with its excerpt up to the break and "Continue reading".
    page.goto("/blog/")
    summary = page.locator(
        "article.post-summary", has=page.get_by_role("link", name=TITLE, exact=True)
    )
    assert "The first paragraph opens the post." in summary.inner_text()
    assert "Ships in port" not in summary.inner_text()
    summary.get_by_role("link", name="Continue reading").click()

    # The post shows every block as readers see it.
    page.wait_for_url("**/blog/harbour-diplomacy-in-the-seto-inland-sea/**")
    body = page.locator(".post-body")
    assert page.get_by_role("heading", name=TITLE, level=1).is_visible()
    assert body.locator("p", has_text="The first paragraph opens the post.").is_visible()
    assert body.get_by_role("heading", name="Ships in port", level=2).is_visible()
    quote = body.locator("figure.quote")
    assert "A port visit says more than a communiqué." in quote.locator("blockquote").inner_text()
    assert "A naval attaché" in quote.locator("figcaption").inner_text()
    assert quote.locator("cite").inner_text() == "Harbour Notes"
    assert body.locator("ul > li").all_inner_texts() == ["Frigates"]
    assert body.locator("ol > li").all_inner_texts() == ["Arrive"]
    image = body.get_by_role("img", name="Two grey ships moored in a harbour at dusk")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert "Moored side by side" in body.locator("figure.image figcaption").inner_text()
    assert "Test Photographer" in body.locator("figure.image figcaption").inner_text()
    # The embed came through the local oEmbed provider: its iframe, not the fallback link.
    embed = body.locator("figure.embed")
    assert (
        embed.locator("iframe[title='A test video']").get_attribute("src") == f"{EMBED_URL}/player"
    )
    assert embed.locator(".embed-fallback").count() == 0
    assert "The visit on video" in embed.locator("figcaption").inner_text()
    page.get_by_role("link", name="Defence cooperation").first.click()
    page.wait_for_url("**/blog/defence-cooperation/")
    assert page.get_by_role("link", name=TITLE, exact=True).is_visible()
    post = BlogPostPage.objects.get(title=TITLE)
    assert [category.title for category in post.categories] == [
        "Defence cooperation",
        "Naval visits",
    ]
    assert sorted(tag.name for tag in post.tags) == ["Port visits", "Royal Navy"]
    assert Tag.objects.filter(name="Royal Navy", locale=post.locale).count() == 1


def test_editor_schedules_a_post_that_goes_live_on_time(new_page, live_server):
    site = build_site()
    serve_site_at(live_server)
    get_user_model().objects.create_superuser("editor", "editor@example.com", "editor-password-1")
    page = new_page(DESKTOP)
    log_in(page, "editor", "editor-password-1")
    page.goto(f"/admin/pages/add/blog/blogpostpage/{site['blog'].pk}/")
    page.fill("#id_title", "A visit next week")
    add_block(page, "Paragraph")
    type_rich_text(page, "body-0-value", "The fleet arrives on Monday.")

    # Wagtail's schedule dialog, then "Schedule to publish".
    go_live = timezone.localtime() + datetime.timedelta(days=1)
    page.locator("[data-side-panel-toggle='status']").click()
    page.get_by_role("button", name="Set schedule").click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.locator("input[name='go_live_at']").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # The date picker stays open over the button; a click event goes to the button itself.
    dialog.get_by_role("button", name="Save schedule").dispatch_event("click")
    page.wait_for_url(re.compile(r".*/admin/pages/\d+/edit/$"))
    page.wait_for_load_state()
    page.locator("footer .w-dropdown__toggle").first.click()
    page.get_by_role("button", name="Schedule to publish").click()
    page.wait_for_load_state()

    post = BlogPostPage.objects.get(title="A visit next week")
    assert not post.live
    assert post.get_url() is not None
    assert page.request.get(post.get_url()).status == 404
    # The Posts listing shows it among the scheduled ones.
    page.goto("/admin/posts/?status=scheduled")
    assert page.get_by_role("link", name="A visit next week").first.is_visible()

    # Two days pass: the scheduler's run (Wagtail's publish_scheduled) puts it live.
    later = timezone.now() + datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    post.refresh_from_db()
    assert post.live
    page.goto(post.get_url())
    assert page.get_by_role("heading", name="A visit next week", level=1).is_visible()
