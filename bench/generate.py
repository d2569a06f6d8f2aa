"""Fill a fresh database with a bilingual blog of N posts, fast enough for N = 100,000.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... python -m bench.generate --posts 1000

Pages are inserted in bulk with their tree paths computed here (one ``add_child`` per post
would take hours at 100,000); everything else goes through the models. Every post has an
author, a feature image, two categories, three tags, approved comments and a body with every
block type; one in five has a published Japanese translation.
"""

import argparse
import datetime
import io
import random
import sys
import time
import uuid

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.files.images import ImageFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.embeds.embeds import get_embed_hash  # noqa: E402
from wagtail.embeds.models import Embed  # noqa: E402
from wagtail.images.models import Image  # noqa: E402
from wagtail.models import Locale, Page, Site  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from PIL import Image as PILImage  # noqa: E402

from blog.models import (  # noqa: E402
    Author,
    BlogIndexPage,
    BlogPostCategory,
    BlogPostPage,
    BlogPostTag,
    CategoryPage,
    Tag,
)
from comments.models import Comment  # noqa: E402
from home.models import HomePage  # noqa: E402

EMBED_URL = "https://www.youtube.com/watch?v=bench0000"
EN_WORDS = [
    "alliance",
    "defence",
    "trade",
    "treaty",
    "minister",
    "Tokyo",
    "London",
    "security",
    "cooperation",
    "Pacific",
    "navy",
    "exercise",
    "agreement",
    "summit",
    "partnership",
    "diplomacy",
    "strategy",
    "region",
    "industry",
    "technology",
    "research",
    "supply",
    "chain",
    "semiconductor",
    "fighter",
    "programme",
    "GCAP",
    "reciprocal",
    "access",
    "maritime",
    "Indo-Pacific",
    "dialogue",
]
JA_SENTENCES = [
    "日英両国は防衛協力を一段と深めている。",
    "新たな円滑化協定により、自衛隊と英軍の共同訓練が容易になった。",
    "次期戦闘機の共同開発は両国の産業基盤にとって重要である。",
    "インド太平洋地域の安全保障環境は厳しさを増している。",
    "経済安全保障の観点から、半導体の供給網の強靭化が課題となっている。",
]
CATEGORIES = [
    "Defence",
    "Diplomacy",
    "Trade",
    "Technology",
    "Security",
    "History",
    "Economy",
    "Energy",
    "Culture",
    "Maritime",
    "Cyber",
    "Research",
]


def sentence(rng: random.Random, words: int = 18) -> str:
    text = " ".join(rng.choice(EN_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return "<p>" + " ".join(sentence(rng) for _ in range(sentences)) + "</p>"


def english_body(rng: random.Random, image_id: int) -> list[dict]:
    return [
        {"type": "paragraph", "value": paragraph(rng), "id": str(uuid.uuid4())},
        {"type": "paragraph", "value": paragraph(rng), "id": str(uuid.uuid4())},
        {"type": "more", "value": None, "id": str(uuid.uuid4())},
        {
            "type": "heading",
            "value": {"text": sentence(rng, 5), "level": "h2"},
            "id": str(uuid.uuid4()),
        },
        {"type": "paragraph", "value": paragraph(rng, 7), "id": str(uuid.uuid4())},
        {
            "type": "quote",
            "value": {"text": sentence(rng, 25), "attribution": "A minister", "source": ""},
            "id": str(uuid.uuid4()),
        },
        {
            "type": "bulleted_list",
            "value": [sentence(rng, 8) for _ in range(4)],
            "id": str(uuid.uuid4()),
        },
        {
            "type": "image",
            "value": {
                "image": image_id,
                "alt_text": "A harbour",
                "caption": sentence(rng, 6),
                "credit": "Bench",
            },
            "id": str(uuid.uuid4()),
        },
        {"type": "paragraph", "value": paragraph(rng, 6), "id": str(uuid.uuid4())},
        {
            "type": "numbered_list",
            "value": [sentence(rng, 8) for _ in range(3)],
            "id": str(uuid.uuid4()),
        },
        {
            "type": "embed",
            "value": {"embed": EMBED_URL, "caption": "A briefing"},
            "id": str(uuid.uuid4()),
        },
        {"type": "paragraph", "value": paragraph(rng, 4), "id": str(uuid.uuid4())},
    ]


def japanese_body(rng: random.Random, image_id: int) -> list[dict]:
    def ja_paragraph(count: int = 6) -> str:
        return "<p>" + "".join(rng.choice(JA_SENTENCES) for _ in range(count)) + "</p>"

    body = english_body(rng, image_id)
    for block in body:
        if block["type"] == "paragraph":
            block["value"] = ja_paragraph()
        elif block["type"] == "heading":
            block["value"]["text"] = "日英同盟の新時代"
    return body


def fit_block_shapes(body: list[dict]) -> list[dict]:
    """Adapt the raw data to the project's blocks (list items may be rich text or plain)."""
    from blog.blocks import PostBodyBlock

    stream = PostBodyBlock()
    return stream.get_prep_value(stream.to_python(body))


def make_images(count: int) -> list[Image]:
    images = []
    for n in range(count):
        buffer = io.BytesIO()
        colour = (40 + n * 20 % 200, 80 + n * 30 % 150, 120 + n * 10 % 120)
        PILImage.new("RGB", (1600, 900), colour).save(buffer, "JPEG", quality=85)
        images.append(
            Image.objects.create(
                title=f"Harbour {n}", file=ImageFile(buffer, name=f"harbour-{n}.jpg")
            )
        )
    return images


def build_tree(en: Locale, ja: Locale) -> dict:
    Site.objects.all().delete()
    Page.objects.filter(depth__gte=2).delete()
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title="Britain and Japan", slug="home", tagline="British-Japanese relations", locale=en
        )
    )
    Site.objects.create(
        hostname="127.0.0.1",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Anglo-Japanese Review",
    )
    blog = home.add_child(instance=BlogIndexPage(title="Blog", slug="blog", locale=en))
    categories = [
        blog.add_child(instance=CategoryPage(title=name, slug=name.lower(), locale=en))
        for name in CATEGORIES
    ]
    ja_home = home.copy_for_translation(ja)
    ja_home.title = "日英"
    ja_home.save_revision().publish()
    ja_blog = blog.copy_for_translation(ja)
    ja_blog.title = "ブログ"
    ja_blog.save_revision().publish()
    ja_categories = []
    for category in categories:
        translated = category.copy_for_translation(ja)
        translated.title = f"{category.title}（日本語）"
        translated.save_revision().publish()
        ja_categories.append(translated)
    return {
        "home": home,
        "blog": blog,
        "categories": categories,
        "ja_blog": ja_blog.specific,
        "ja_categories": ja_categories,
    }


def insert_posts(
    parent: Page, specs: list[dict], locale: Locale, content_type: ContentType
) -> list[int]:
    """Insert posts as children of ``parent`` in bulk: Page rows, then BlogPostPage rows."""
    parent.refresh_from_db()
    start = parent.numchild
    now = timezone.now()
    pages = []
    for offset, spec in enumerate(specs, start=1):
        pages.append(
            Page(
                title=spec["title"],
                draft_title=spec["title"],
                slug=spec["slug"],
                content_type=content_type,
                locale=locale,
                translation_key=spec["translation_key"],
                live=True,
                has_unpublished_changes=False,
                first_published_at=spec["date"],
                last_published_at=now,
                url_path=f"{parent.url_path}{spec['slug']}/",
                depth=parent.depth + 1,
                path=Page._get_path(parent.path, parent.depth + 1, start + offset),
                numchild=0,
            )
        )
    Page.objects.bulk_create(pages, batch_size=500)
    posts = []
    for page, spec in zip(pages, specs, strict=True):
        post = BlogPostPage(
            page_ptr_id=page.pk,
            date=spec["date"],
            author_id=spec["author_id"],
            feature_image_id=spec["image_id"],
            body=spec["body"],
        )
        posts.append(post)
    fields = list(BlogPostPage._meta.local_concrete_fields)
    for batch in range(0, len(posts), 500):
        BlogPostPage._base_manager._insert(
            posts[batch : batch + 500], fields=fields, using=connection.alias
        )
    Page.objects.filter(pk=parent.pk).update(numchild=start + len(specs))
    return [page.pk for page in pages]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=3, help="approved comments per post")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()

    en = Locale.objects.get_or_create(language_code="en")[0]
    ja = Locale.objects.get_or_create(language_code="ja")[0]
    with transaction.atomic():
        tree = build_tree(en, ja)
        images = make_images(8)
        Embed.objects.get_or_create(
            hash=get_embed_hash(EMBED_URL, None, None),
            defaults={
                "url": EMBED_URL,
                "type": "video",
                "html": '<iframe width="480" height="270" src="https://www.youtube-nocookie.com/embed/bench0000" title="A briefing" allowfullscreen></iframe>',
                "title": "A briefing",
                "provider_name": "YouTube",
                "width": 480,
                "height": 270,
            },
        )
        authors = [Author.objects.create(name=f"Writer {n}") for n in range(20)]
        tags = [
            Tag.objects.create(name=f"topic {n}", slug=f"topic-{n}", locale=en) for n in range(40)
        ]
        ja_tags = [
            Tag.objects.create(
                name=f"話題 {n}", slug=f"topic-{n}", locale=ja, translation_key=tag.translation_key
            )
            for n, tag in enumerate(tags)
        ]
    content_type = ContentType.objects.get_for_model(BlogPostPage)
    base_date = timezone.make_aware(datetime.datetime(2026, 11, 1, 9, 0))
    body_en = [fit_block_shapes(english_body(rng, image.pk)) for image in images]
    body_ja = [fit_block_shapes(japanese_body(rng, image.pk)) for image in images]

    chunk = 2000
    for first in range(0, args.posts, chunk):
        count = min(chunk, args.posts - first)
        with transaction.atomic():
            specs = []
            for n in range(first, first + count):
                specs.append(
                    {
                        "title": f"{sentence(rng, 6)[:-1]} ({n})",
                        "slug": f"post-{n}",
                        "translation_key": uuid.uuid4(),
                        "date": base_date - datetime.timedelta(hours=7 * n),
                        "author_id": authors[n % len(authors)].pk,
                        "image_id": images[n % len(images)].pk,
                        "body": body_en[n % len(images)],
                        "n": n,
                    }
                )
            en_ids = insert_posts(tree["blog"], specs, en, content_type)
            ja_specs = [
                dict(
                    spec, title=f"日英関係の記事 {spec['n']}", body=body_ja[spec["n"] % len(images)]
                )
                for spec in specs
                if spec["n"] % 5 == 0
            ]
            ja_ids = insert_posts(tree["ja_blog"], ja_specs, ja, content_type)
            links, tag_links, comments = [], [], []
            for page_id, spec in zip(en_ids, specs, strict=True):
                n = spec["n"]
                for k, category in enumerate(
                    (tree["categories"][n % 12], tree["categories"][(n + 5) % 12])
                ):
                    links.append(
                        BlogPostCategory(
                            page_id=page_id, category_id=category.pk, sort_order=k, locale=en
                        )
                    )
                for k in range(3):
                    tag_links.append(
                        BlogPostTag(
                            page_id=page_id,
                            tag_id=tags[(n + 7 * k) % 40].pk,
                            sort_order=k,
                            locale=en,
                        )
                    )
                for k in range(args.comments):
                    comments.append(
                        Comment(
                            post_id=page_id,
                            author_name=f"Reader {k}",
                            author_email=f"reader{k}@example.com",
                            body=sentence(rng, 20),
                            status=Comment.Status.APPROVED,
                            created_at=spec["date"] + datetime.timedelta(hours=k + 1),
                        )
                    )
            for page_id, spec in zip(ja_ids, ja_specs, strict=True):
                n = spec["n"]
                for k, category in enumerate(
                    (tree["ja_categories"][n % 12], tree["ja_categories"][(n + 5) % 12])
                ):
                    links.append(
                        BlogPostCategory(
                            page_id=page_id, category_id=category.pk, sort_order=k, locale=ja
                        )
                    )
                for k in range(3):
                    tag_links.append(
                        BlogPostTag(
                            page_id=page_id,
                            tag_id=ja_tags[(n + 7 * k) % 40].pk,
                            sort_order=k,
                            locale=ja,
                        )
                    )
            BlogPostCategory.objects.bulk_create(links, batch_size=1000)
            BlogPostTag.objects.bulk_create(tag_links, batch_size=1000)
            Comment.objects.bulk_create(comments, batch_size=1000)
        print(f"  {first + count} posts in {time.monotonic() - started:.0f} s", file=sys.stderr)

    # The search index, as `update_index` would build it, in batches.
    backend = get_search_backend()
    index = backend.get_index_for_model(BlogPostPage)
    queryset = BlogPostPage.objects.live().select_related("author").order_by("pk")
    batch = []
    for post in queryset.iterator(chunk_size=1000):
        batch.append(post)
        if len(batch) == 1000:
            index.add_items(BlogPostPage, batch)
            batch = []
    if batch:
        index.add_items(BlogPostPage, batch)
    for model in (HomePage, BlogIndexPage, CategoryPage):
        backend.get_index_for_model(model).add_items(model, list(model.objects.all()))
    print(f"Generated {args.posts} posts in {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
