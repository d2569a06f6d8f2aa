"""The blog index and its categories every page shows (the header's link, the footer's list).

Both are children of the reader's language's home: the blog index one level down, its
categories two. One query reads them together, the blog index made specific by joining its
own table (``select_related``), and the result is kept per process until content changes.
"""

from django.db.models import Q

from wagtail.models import Page

from blog.models import BlogIndexPage
from core.cache.memo import site_memo


def blog_navigation(home: Page) -> tuple[BlogIndexPage | None, list[Page]]:
    """``home``'s first live blog index and that index's live categories, by title.

    The categories are plain pages: the footer shows their titles and addresses only.
    """
    return site_memo.get(("blog-navigation", home.pk), lambda: _read(home))


def _read(home: Page) -> tuple[BlogIndexPage | None, list[Page]]:
    rows = (
        Page.objects.live()
        .filter(path__startswith=home.path)
        .filter(
            Q(depth=home.depth + 1, blogindexpage__isnull=False)
            | Q(depth=home.depth + 2, categorypage__isnull=False)
        )
        .select_related("blogindexpage")
        .order_by("path")
    )
    index = None
    categories = []
    for row in rows:
        if row.depth == home.depth + 1:
            index = index or row.blogindexpage
        elif index is not None and row.path.startswith(index.path):
            categories.append(row)
    return index, sorted(categories, key=lambda category: category.title)
