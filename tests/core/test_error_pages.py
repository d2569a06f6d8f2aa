"""Friendly error pages in the reader's language."""

from django.template.loader import render_to_string
from django.test import RequestFactory

import pytest


@pytest.mark.django_db
def test_unknown_address_gives_the_sites_404_page(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="site-header"' in html  # the normal layout, so the reader can find their way


@pytest.mark.django_db
def test_japanese_404_is_in_japanese_layout(client, site_tree):
    response = client.get("/ja/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="ja">' in response.content.decode()


def test_500_page_renders_without_the_database():
    # The 500 template must not touch the database or context processors: it renders alone.
    html = render_to_string("500.html", request=RequestFactory().get("/"))
    assert "Something went wrong" in html
    assert "<main" in html
