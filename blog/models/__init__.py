from .category import CategoryPage
from .content import ContentPage
from .index import BlogIndexPage
from .post import BlogPostCategory, BlogPostPage, BlogPostTag
from .settings import BlogSettings
from .taxonomy import Author, Tag

__all__ = [
    "Author",
    "BlogIndexPage",
    "BlogPostCategory",
    "BlogPostPage",
    "BlogPostTag",
    "BlogSettings",
    "CategoryPage",
    "ContentPage",
    "Tag",
]
