"""Shared pytest fixtures: a small bilingual site most tests start from, and a local oEmbed provider."""

import pytest

from tests.factories import build_site
from tests.oembed_server import OEmbedServer


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
def unreachable_oembed_provider(settings):
    """An oEmbed provider configured at a closed port: every fetch fails."""
    with OEmbedServer() as server:
        finders = server.finders_setting()
    # The server is shut down now, so its port refuses connections.
    settings.WAGTAILEMBEDS_FINDERS = finders
    return finders
