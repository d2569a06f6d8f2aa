"""Content for the app-server and backup tests, written by `manage.py shell` into their own database.

Run as ``python manage.py shell -c "from tests.production.seed import seed; seed()"``.
"""

import json

from django.contrib.auth import get_user_model

from wagtail_localize.models import Translation, TranslationSource

import wagtail_factories

from comments.models import Comment
from tests.comments.factories import CommentFactory
from tests.factories import BlogPostPageFactory, build_site, translate_page

ADMIN_PASSWORD = "a-long-admin-password-for-tests"
PUBLISHED_TITLE = "Fresh news from Tokyo"
DRAFT_TITLE = "Fresher news from Tokyo"


def seed() -> None:
    """A site with one published post that has a newer draft, a translation, comments and an image."""
    site = build_site()
    get_user_model().objects.create_superuser("admin", "admin@example.com", ADMIN_PASSWORD)
    image = wagtail_factories.ImageFactory(title="Harbour")
    post = BlogPostPageFactory(parent=site["blog"], title=PUBLISHED_TITLE, slug="fresh-news")
    post.save_revision().publish()
    source, _ = TranslationSource.get_or_create_from_instance(post)
    Translation.objects.get_or_create(source=source, target_locale=site["ja"])
    translate_page(post, site["ja"], title="東京からの新しい知らせ")
    first = CommentFactory(post=post, body="A first comment.", status=Comment.Status.APPROVED)
    CommentFactory(post=post, parent=first, body="A reply.", status=Comment.Status.PENDING)
    # An editor's newer draft, published later through one app server.
    post.title = DRAFT_TITLE
    post.save_revision()
    print(json.dumps({"post": post.pk, "image": image.file.name}))  # noqa: T201
