"""Shared pytest fixtures: a small bilingual site most tests start from."""

import pytest

from tests.factories import build_site


@pytest.fixture
def site_tree(db) -> dict:
    """English home as the site root, a blog index, an "Uncategorized" category and a ja locale."""
    return build_site()
