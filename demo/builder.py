"""Builds the demo site. Every step finds what exists before creating, so running twice adds nothing."""

import io
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from PIL import Image as PILImage
from PIL import ImageDraw

from blog.models import (
    Author,
    BlogIndexPage,
    BlogPostCategory,
    BlogPostPage,
    BlogPostTag,
    CategoryPage,
    Tag,
)
from demo import content
from home.models import HomePage


@dataclass
class Report:
    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


def parse_date(text: str) -> datetime:
    return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M"))


def make_picture(name: str, colours: tuple[str, str, str]) -> ImageFile:
    """A small generated illustration, so the demo ships no binary files."""
    background, band, disc = colours
    picture = PILImage.new("RGB", (1200, 630), background)
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 260, 1200, 370), fill=band)
    draw.ellipse((450, 165, 750, 465), fill=disc)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return ImageFile(buffer, name=f"{name}.png")


PICTURES = {
    "missile": ("Missile illustration", ("#f4f1ea", "#012169", "#bc002d")),
    "bond": ("Tokyo skyline illustration", ("#1d2440", "#c8102e", "#f2c14e")),
}


class DemoBuilder:
    def __init__(self) -> None:
        self.report = Report()
        self.en = self.locale("en")
        self.ja = self.locale("ja")

    def locale(self, code: str) -> Locale:
        locale, created = Locale.objects.get_or_create(language_code=code)
        if created:
            self.report.add(f"locale {code}")
        return locale

    # Not one transaction: wagtail-localize publishes translations in on_commit hooks with the
    # page as it was then, which would reset the tree's child counts at the final commit.
    def build(self) -> Report:
        home = self.home_page()
        blog = self.blog_index(home)
        categories = {spec["slug"]: self.category(blog, spec) for spec in content.CATEGORIES}
        author, _ = Author.objects.get_or_create(name=content.AUTHOR["name"])
        images = {key: self.image(key) for key in PICTURES}
        # The Japanese home, blog and categories come first, so translated posts find their parents.
        self.translate(
            home,
            {content.HOME[k]: content.HOME_JA[k] for k in ("title", "tagline", "introduction")},
        )
        ja_blog = self.translate(
            blog, {content.BLOG[k]: content.BLOG_JA[k] for k in ("title", "introduction")}
        )
        ja_categories = {
            spec["slug"]: self.translate(
                categories[spec["slug"]],
                {spec["title"]: spec["title_ja"], spec["description"]: spec["description_ja"]},
            )
            for spec in content.CATEGORIES
        }
        for spec in content.POSTS:
            post = self.post(blog, spec, categories, author, images, self.en)
            if spec.get("translate"):
                self.translate(
                    post, spec["translation"]["strings"], title=spec["translation"]["title"]
                )
        self.post(ja_blog, content.JAPANESE_POST, ja_categories, author, images, self.ja)
        return self.report

    def home_page(self) -> HomePage:
        home = HomePage.objects.filter(locale=self.en, depth=2).first()
        if home is None:
            root = Page.get_first_root_node()
            home = HomePage(slug="home", locale=self.en, **content.HOME)
            # Wagtail's migration leaves a "Welcome" page at the root; the demo's home takes its place.
            for welcome in root.get_children().filter(content_type__model="page", slug="home"):
                welcome.delete()
            root.add_child(instance=home)
            home.save_revision().publish()
            self.report.add("home page")
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        if site.root_page_id != home.pk or not site.site_name:
            # Absolute URLs (feeds, sitemap, hreflang) use the address the site is served at.
            site.hostname, site.port = base_url_host_and_port()
            site.root_page = home
            site.site_name = site.site_name or content.SITE_NAME
            site.save()
        return home

    def blog_index(self, home: HomePage) -> BlogIndexPage:
        blog = BlogIndexPage.objects.child_of(home).filter(slug=content.BLOG["slug"]).first()
        if blog is None:
            blog = BlogIndexPage(**content.BLOG)
            home.add_child(instance=blog)
            blog.save_revision().publish()
            self.report.add("blog index")
        return blog

    def category(self, blog: BlogIndexPage, spec: dict) -> CategoryPage:
        category = CategoryPage.objects.child_of(blog).filter(slug=spec["slug"]).first()
        if category is None:
            category = CategoryPage(
                slug=spec["slug"], title=spec["title"], description=spec["description"]
            )
            blog.add_child(instance=category)
            category.save_revision().publish()
            self.report.add(f"category {spec['title']}")
        return category

    def image(self, key: str):
        title, colours = PICTURES[key]
        Image = get_image_model()
        image = Image.objects.filter(title=title).first()
        if image is None:
            image = Image.objects.create(title=title, file=make_picture(key, colours))
            self.report.add(f"image {title}")
        return image

    def tag(self, name: str, locale: Locale) -> Tag:
        tag = Tag.objects.filter(name=name, locale=locale).first()
        if tag is None:
            tag = Tag.objects.create(name=name, locale=locale)
        return tag

    def post(self, blog, spec, categories, author, images, locale) -> BlogPostPage:
        post = BlogPostPage.objects.child_of(blog).filter(slug=spec["slug"]).first()
        if post is not None:
            return post
        body = []
        for block_type, value in spec["body"]:
            if block_type == "image":
                value = {**value, "image": images[value["image"].removeprefix("image:")].pk}
            body.append((block_type, value))
        post = BlogPostPage(
            title=spec["title"],
            slug=spec["slug"],
            date=parse_date(spec["date"]),
            author=author,
            body=[{"type": block_type, "value": value} for block_type, value in body],
        )
        # Numbered as the editor's form numbers them: links of one order otherwise come back
        # in whatever order the database finds them (PostgreSQL's differs from SQLite's).
        post.category_links = [
            BlogPostCategory(category=categories[slug], sort_order=order)
            for order, slug in enumerate(spec["categories"])
        ]
        post.tag_links = [
            BlogPostTag(tag=self.tag(name, locale), sort_order=order)
            for order, name in enumerate(spec["tags"])
        ]
        blog.add_child(instance=post)
        revision = post.save_revision()
        revision.publish()
        # Publishing stamps the publication time; the old blog's dates are the facts to keep.
        BlogPostPage.objects.filter(pk=post.pk).update(first_published_at=post.date)
        self.report.add(f"post {spec['title']}")
        return post

    def translate(self, page: Page, strings: dict[str, str], title: str | None = None) -> Page:
        """Translate ``page`` into Japanese through wagtail-localize, as a translator would.

        Args:
            strings: source text to Japanese text; segments not listed keep the English.
            title: the Japanese title, when it is not among ``strings``.
        """
        existing = page.get_translation_or_none(self.ja)
        if existing is not None:
            return existing.specific
        source, _ = TranslationSource.get_or_create_from_instance(page)
        translation, _ = Translation.objects.get_or_create(source=source, target_locale=self.ja)
        if title:
            strings = {page.title: title, **strings}
        # Rich text is translated paragraph by paragraph, without the <p> around each one.
        strings = {**strings, **{unwrap(k): unwrap(v) for k, v in strings.items()}}
        for segment in source.stringsegment_set.select_related("string", "context"):
            japanese = strings.get(segment.string.data)
            if japanese:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=self.ja,
                    context=segment.context,
                    defaults={
                        "data": japanese,
                        "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    },
                )
        translation.save_target(publish=True)
        self.report.add(f"Japanese translation of {page.title}")
        return page.get_translation(self.ja).specific


def unwrap(html: str) -> str:
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def build_demo_site() -> Report:
    return DemoBuilder().build()


LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def base_url_host_and_port() -> tuple[str, int]:
    """The host and port of ``WAGTAILADMIN_BASE_URL`` (``make run`` sets it from HOST and PORT)."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return address.hostname or "localhost", address.port or (
        443 if address.scheme == "https" else 80
    )


def follow_local_address() -> Site | None:
    """Points a default site on this machine at the address the server now listens on.

    ``make run PORT=8011`` after ``make run`` would otherwise keep port 8000 in feed guids,
    sitemaps and the language links. A site with a real host name is never touched.

    Returns:
        The site, when it was changed.
    """
    site = Site.objects.filter(is_default_site=True).first()
    host, port = base_url_host_and_port()
    if site is None or site.hostname not in LOOPBACK or host not in LOOPBACK:
        return None
    if (site.hostname, site.port) == (host, port):
        return None
    site.hostname, site.port = host, port
    site.save()
    return site
