"""Fixtures for the translation tests: people in each role and a small bilingual site."""

from django.contrib.auth.models import Group, User

from wagtail.users.models import UserProfile

import pytest

from home.translation.roles import EDITORS, MODERATORS, TRANSLATORS
from tests.factories import CategoryPageFactory, TagFactory, translate_page


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # These tests read pages straight after changing them; the cache has its own tests.
    settings.PAGE_CACHE_ENABLED = False


def make_user(username: str, group: str, language: str = "en") -> User:
    """A staff member in ``group`` (created by the roles migration) whose admin speaks ``language``."""
    user = User.objects.create_user(
        username=username, password="a-long-test-password", email=f"{username}@example.com"
    )
    user.groups.add(Group.objects.get(name=group))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def translator(db) -> User:
    return make_user("translator", TRANSLATORS, language="ja")


@pytest.fixture
def moderator(db) -> User:
    return make_user("moderator", MODERATORS)


@pytest.fixture
def editor(db) -> User:
    return make_user("editor", EDITORS)


@pytest.fixture
def bilingual(site_tree) -> dict:
    """The site tree with its Japanese home and blog published, and a "Defence" category and tag."""
    ja = site_tree["ja"]
    ja_home = translate_page(site_tree["home"], ja, title="英国と日本")
    ja_blog = translate_page(site_tree["blog"], ja, title="ブログ")
    defence = CategoryPageFactory(parent=site_tree["blog"], title="Defence", slug="defence")
    tag = TagFactory(name="alliance", locale=site_tree["en"])
    return {**site_tree, "ja_home": ja_home, "ja_blog": ja_blog, "defence": defence, "tag": tag}
