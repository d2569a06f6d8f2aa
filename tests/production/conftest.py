"""Fixtures for the production tests: fresh pages, not the whole-page cache's copies."""

from django.core.cache import cache

import pytest


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False
    cache.clear()
    yield
    cache.clear()
