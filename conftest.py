"""Shared pytest fixtures: a small bilingual site most tests start from, and a local oEmbed provider."""

import os

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import translation

from wagtail.users.models import UserProfile

import pytest
from pytest_django.plugin import blocking_manager_key

from tests.deepl_server import DeepLServer
from tests.factories import CategoryPageFactory, TagFactory, build_site, translate_page
from tests.oembed_server import OEmbedServer
from translation.roles import EDITORS, MODERATORS, TRANSLATORS

# In CI an undeclared skip fails the run; CI's second pass runs only database-dependent tests;
# `make mutation` keeps its test databases between mutants.
pytest_plugins = [
    "tests.skip_policy",
    "tests.database_selection",
    "tests.mutation_databases",
]


@pytest.fixture
def site_tree(db) -> dict:
    """English home as the site root, a blog index, an "Uncategorized" category and a ja locale."""
    return build_site()


@pytest.fixture
def oembed_provider(settings):
    """A real oEmbed endpoint on 127.0.0.1 for URLs like https://video.example.test/…"""
    with OEmbedServer() as server:
        settings.WAGTAILEMBEDS_FINDERS = server.finders_setting()
        yield server


@pytest.fixture
def deepl(settings):
    """A DeepL-like endpoint on 127.0.0.1, configured as the machine translator."""
    with DeepLServer() as server:
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = server.translator_setting()
        yield server


@pytest.fixture
def unreachable_oembed_provider(settings):
    """An oEmbed provider configured at a closed port: every fetch fails."""
    with OEmbedServer() as server:
        finders = server.finders_setting()
    # The server is shut down now, so its port refuses connections.
    settings.WAGTAILEMBEDS_FINDERS = finders
    return finders


# Transactional tests end by flushing the database, which also empties what Wagtail's
# migrations created (the root page, the default locale and site, the root collection, the
# groups). Every transactional test therefore restores that data when it starts
# (serialized_rollback), and any test that follows a flush gets it back first.


def pytest_collection_modifyitems(items):
    keep_only_mutation_tests(items)
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is not None and marker.kwargs.get("transaction"):
            item.add_marker(
                pytest.mark.django_db(**{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    from django.test import SimpleTestCase, TransactionTestCase

    # A SimpleTestCase refuses database queries, this check's included.
    test_class = getattr(item, "cls", None)
    is_simple = test_class is not None and issubclass(test_class, SimpleTestCase)
    if is_simple and not issubclass(test_class, TransactionTestCase):
        return
    restore_initial_data_after_flush(item.config)


def restore_initial_data_after_flush(config) -> None:
    from django.db import connection

    contents = getattr(connection, "_test_serialized_contents", None)
    if not contents or blocking_manager_key not in config.stash:
        return
    with config.stash[blocking_manager_key].unblock():
        from wagtail.models import Page

        if not Page.objects.filter(depth=1).exists():
            connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts with empty caches: rolled-back rows reuse primary keys, and a page,
    fragment or rendition cached by an earlier test must not answer for a new row."""
    from django.core.cache import caches

    from core.cache.store import bump_generation

    for cache in caches.all():
        cache.clear()
    bump_generation()
    yield


@pytest.fixture(autouse=True)
def _english_by_default():
    """A test that requested a /ja/ page must not leave Japanese active for the next one."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


# People in each editorial role, and a small bilingual site (translation and i18n tests).


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


def keep_only_mutation_tests(items) -> None:
    """``make mutation`` sets MUTATION_TESTS to the tests that may kill one module's mutants:
    mutmut would otherwise run every test that merely reaches the module (every post saved
    reaches the search text) for each mutant."""
    selected = os.environ.get("MUTATION_TESTS", "").split()
    if selected:
        items[:] = [item for item in items if any(str(item.path).endswith(s) for s in selected)]
