import pytest


@pytest.mark.django_db
def test_home_page_renders(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<html lang="en">' in response.content
