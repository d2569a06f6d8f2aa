"""A translator takes an English post to a published Japanese page, only through the admin."""

import io
import json
import re
from pathlib import Path
from urllib.parse import quote

from django.urls import reverse
from django.utils import translation as django_translation

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import TaskState
from wagtail_localize.models import (
    OverridableSegment,
    StringSegment,
    StringTranslation,
    Translation,
)

import polib
import pytest

from blog.models import BlogPostPage, CategoryPage, Tag
from tests.factories import BlogPostPageFactory

ENGLISH_BODY = [
    {
        "type": "paragraph",
        "value": '<p>The alliance is <b>back</b>, says <a href="https://example.com/report">a report</a>.</p>',
    },
    {"type": "heading", "value": {"text": "A new kind of alliance", "level": "h2"}},
    {
        "type": "quote",
        "value": {
            "text": "<p>Japan is our closest security partner in Asia.</p>",
            "attribution": "A defence minister",
            "source_title": "A speech in Tokyo",
            "source_url": "https://example.com/speech",
        },
    },
    {"type": "list", "value": ["<p>Trade</p>", "<p>Defence</p>"]},
    {
        "type": "embed",
        "value": {"embed": "https://video.example.test/english", "caption": "The press conference"},
    },
    {
        "type": "image",
        "value": {
            "image": None,
            "alt_text": "Two warships at sea",
            "caption": "Exercises in the Pacific",
            "credit": "Navy",
        },
    },
]

# What the translator types for each English string, segment by segment.
JAPANESE = {
    "The Tokyo declaration": "東京宣言",
    "tokyo-declaration": "東京宣言",
    'The alliance is <b>back</b>, says <a id="a1">a report</a>.': '<a id="a1">報告書</a>によれば、同盟が<b>復活</b>した。',
    "A new kind of alliance": "新しい同盟のかたち",
    "Japan is our closest security partner in Asia.": "日本はアジアにおける最も緊密な安全保障上のパートナーだ。",
    "A speech in Tokyo": "東京での演説",
    "Trade": "貿易",
    "Defence": "防衛",
    "The press conference": "記者会見",
    "Two warships at sea": "洋上の軍艦二隻",
    "Exercises in the Pacific": "太平洋での演習",
}
# Left for the PO file, then for the machine translator.
BY_PO_FILE = {"A defence minister": "防衛大臣"}
BY_MACHINE = "Navy"


@pytest.fixture
def english_post(bilingual):
    image = get_image_model().objects.create(title="Warships", file=get_test_image_file())
    body = [dict(block) for block in ENGLISH_BODY]
    body[-1] = {"type": "image", "value": {**ENGLISH_BODY[-1]["value"], "image": image.pk}}
    return BlogPostPageFactory(
        parent=bilingual["blog"],
        title="The Tokyo declaration",
        slug="tokyo-declaration",
        excerpt="",
        body=body,
        categories=[bilingual["defence"]],
        tags=[bilingual["tag"]],
    )


def put(client, url: str, value: str):
    return client.put(
        url, data=f"value={quote(value)}", content_type="application/x-www-form-urlencoded"
    )


def image_stem(image) -> str:
    """How the image's renditions are named: ``/<stem>.<filter>.<ext>``."""
    return f"/{Path(image.file.name).stem}."


def main_content(html: str) -> str:
    """The page's <main>, without the per-request tokens of its comment form."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r'<input type="hidden"[^>]*>', "", main)


def refused(response) -> bool:
    """Wagtail's admin answers a forbidden action with 403, or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def source_text(segment: StringSegment) -> str:
    return segment.string.data


@pytest.mark.django_db
def test_translator_takes_a_post_to_a_published_japanese_page(
    client,
    bilingual,
    english_post,
    translator,
    moderator,
    deepl,
    django_capture_on_commit_callbacks,
):
    ja = bilingual["ja"]
    english_html_before = client.get("/blog/tokyo-declaration/").content.decode()

    # 1. "Translate this page", as the translator.
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[english_post.pk]),
        {"locales": [ja.pk]},
    )
    assert response.status_code == 302
    ja_post = english_post.get_translation(ja).specific
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[ja_post.pk])
    assert not ja_post.live, "a new translation starts as a draft"
    assert client.get("/ja/blog/tokyo-declaration/").status_code == 404

    # The edit view is the translation editor, in Japanese for this translator.
    editor_page = client.get(response["Location"])
    assert editor_page.status_code == 200
    assert '<html lang="ja"' in editor_page.content.decode()
    assert "header-meta--locales" in editor_page.content.decode()
    # The dashboard lists the draft with the translator's way to hand it on.
    submit_url = reverse("translation_submit_for_review", args=[ja_post.pk])
    assert submit_url in client.get(reverse("wagtailadmin_home")).content.decode()

    # 2. Every text of every block is its own segment.
    page_translation = Translation.objects.get(
        source__object_id=english_post.translation_key, target_locale=ja
    )
    segments = {
        source_text(s): s
        for s in page_translation.source.stringsegment_set.select_related("string")
    }
    expected = {*JAPANESE, *BY_PO_FILE, BY_MACHINE}
    assert expected <= set(segments), sorted((s.context.path, k) for k, s in segments.items())

    for english, japanese in JAPANESE.items():
        url = reverse(
            "wagtail_localize:edit_string_translation",
            args=[page_translation.pk, segments[english].pk],
        )
        assert put(client, url, japanese).status_code == 201  # a first translation: created

    # 3. The embed URL, the image, the quote's source and the paragraph's link are
    # overridden for Japanese readers.
    japanese_image = get_image_model().objects.create(
        title="Warships (Japanese)", file=get_test_image_file()
    )
    overrides = {
        ".embed": "https://video.example.test/japanese",
        ".image": str(japanese_image.pk),
        ".source_url": "https://example.jp/speech",
        # A rich-text link is keyed by its English address.
        ".'https://example.com/report'": "https://example.jp/report",
    }
    segments_by_path = {
        segment.context.path: segment
        for segment in OverridableSegment.objects.filter(
            source=page_translation.source
        ).select_related("context")
    }
    for suffix, value in overrides.items():
        [path] = [path for path in segments_by_path if path.endswith(suffix)]
        url = reverse(
            "wagtail_localize:edit_override", args=[page_translation.pk, segments_by_path[path].pk]
        )
        assert put(client, url, value).status_code == 201, path  # a first override: created

    # 4. Download the PO file, translate the attribution in it, upload it.
    response = client.get(reverse("wagtail_localize:download_pofile", args=[page_translation.pk]))
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    for entry in po:
        if entry.msgid in BY_PO_FILE:
            entry.msgstr = BY_PO_FILE[entry.msgid]
    upload = io.BytesIO(str(po).encode())
    upload.name = "translation.po"
    edit_url = reverse("wagtailadmin_pages:edit", args=[ja_post.pk])
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[page_translation.pk]),
        {"file": upload, "next": edit_url},
    )
    assert response.status_code == 302
    attribution = StringTranslation.objects.get(
        translation_of=segments["A defence minister"].string, locale=ja
    )
    assert attribution.data == "防衛大臣"

    # 5. The machine (a local DeepL-like server) fills in what is left, labelled as a machine.
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[page_translation.pk]),
        {"next": edit_url},
    )
    assert response.status_code == 302
    machine = StringTranslation.objects.get(
        locale=ja, translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE
    )
    assert machine.translation_of.data == BY_MACHINE, "the machine never overwrites a person"
    assert machine.data == f"[ja] {BY_MACHINE}"
    # wagtail-localize stores the translator's name in the language of whoever ran it.
    assert machine.tool_name == "DeepL 機械翻訳"
    with django_translation.override("en"):
        assert machine.get_comment().startswith("Translated with DeepL 機械翻訳")
    # The editor shows that label beside the string (in the translator's Japanese).
    label = "DeepL 機械翻訳"
    editor_html = client.get(edit_url).content.decode()
    assert label in editor_html or json.dumps(label)[1:-1] in editor_html
    # The translator reviews the machine's output and corrects it.
    credit_url = reverse(
        "wagtail_localize:edit_string_translation",
        args=[page_translation.pk, segments[BY_MACHINE].pk],
    )
    assert put(client, credit_url, "海軍").status_code == 200

    # The post's tag and category came along as translations of their own; the translator names them.
    ja_tag = Tag.objects.get(translation_key=bilingual["tag"].translation_key, locale=ja)
    tag_translation = Translation.objects.get(
        source__object_id=ja_tag.translation_key, target_locale=ja
    )
    name_segment = tag_translation.source.stringsegment_set.get(
        string__data="alliance", context__path="name"
    )
    put(
        client,
        reverse(
            "wagtail_localize:edit_string_translation", args=[tag_translation.pk, name_segment.pk]
        ),
        "同盟",
    )
    ja_category = CategoryPage.objects.get(
        translation_key=bilingual["defence"].translation_key, locale=ja
    )
    category_translation = Translation.objects.get(
        source__object_id=ja_category.translation_key, target_locale=ja
    )
    title_segment = category_translation.source.stringsegment_set.get(context__path="title")
    put(
        client,
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[category_translation.pk, title_segment.pk],
        ),
        "防衛",
    )
    # Tags have no drafts: the tag's translation editor saves it at once.
    response = client.post(
        reverse("wagtailsnippets_blog_tag:edit", args=[ja_tag.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    ja_tag.refresh_from_db()
    assert ja_tag.name == "同盟"

    # 6. The translator may not publish: the editor's publish action is refused.
    response = client.post(edit_url, {"action": "publish"})
    assert refused(response)
    ja_post.refresh_from_db()
    assert not ja_post.live

    # 7. The translator submits the post and its category for review.
    for page in (ja_post, ja_category):
        response = client.post(reverse("translation_submit_for_review", args=[page.pk]))
        assert response.status_code == 302
    ja_post.refresh_from_db()
    assert ja_post.workflow_in_progress and not ja_post.live

    # 8. A Moderator approves; the workflow publishes.
    client.force_login(moderator)
    for page in (ja_post, ja_category):
        task_state = TaskState.objects.get(
            workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse(
                    "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
                ),
                {"comment": ""},
            )
        assert response.status_code == 302
    client.logout()

    ja_post = BlogPostPage.objects.get(pk=ja_post.pk)
    assert ja_post.live
    assert ja_post.slug == "東京宣言"

    # 9. The reader's Japanese page.
    ja_url = ja_post.get_url()
    assert ja_url == "/ja/blog/%E6%9D%B1%E4%BA%AC%E5%AE%A3%E8%A8%80/"
    response = client.get(ja_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ja">' in html
    # Each segment's Japanese, with the paragraph's link restored to its (unchanged) address.
    shown = [*JAPANESE.values(), *BY_PO_FILE.values(), "海軍"]
    shown = [text.replace('<a id="a1">', '<a href="https://example.jp/report">') for text in shown]
    missing = [text for text in shown if text not in html]
    assert not missing
    assert "The alliance is" not in html
    assert "https://video.example.test/japanese" in html
    assert 'href="https://example.jp/speech"' in html and 'href="https://example.jp/report"' in html
    # Renditions are named after the original file: the Japanese picture, not the English one.
    english_image = english_post.body[-1].value["image"]
    assert image_stem(japanese_image) in html and image_stem(english_image) not in html
    assert "https://video.example.test/english" not in html
    assert f'href="{ja_category.get_url()}"' in html and ">防衛</a>" in html
    assert "同盟" in html
    assert 'hreflang="en" href="http://testserver/blog/tokyo-declaration/"' in html
    assert f'hreflang="ja" href="http://testserver{ja_url}"' in html
    assert 'class="language-link"' in html and "next=%2Fblog%2Ftokyo-declaration%2F" in html

    # The Japanese category archive lists the Japanese post.
    archive = client.get(ja_category.get_url()).content.decode()
    assert "東京宣言" in archive

    # 10. The English page is unchanged, apart from its new Japanese alternate.
    english_html = client.get("/blog/tokyo-declaration/").content.decode()
    assert "The alliance is <b>back</b>" in english_html
    assert "https://video.example.test/english" in english_html
    assert main_content(english_html) == main_content(english_html_before)
