"""Translator roles, review and machine translation: pages read straight after they change."""

import pytest


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    # These tests read pages straight after changing them; the cache has its own tests.
    settings.PAGE_CACHE_ENABLED = False
