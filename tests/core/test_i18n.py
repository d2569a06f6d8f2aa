"""English at /, Japanese at /ja/, <html lang> from the page's language, dates per language."""

import datetime

from django.utils import timezone

import pytest

from tests.factories import BlogPostPageFactory, translate_page


@pytest.fixture
def bilingual(site_tree):
    ja_home = translate_page(site_tree["home"], site_tree["ja"], title="英国と日本")
    ja_blog = translate_page(site_tree["blog"], site_tree["ja"], title="ブログ")
    post = BlogPostPageFactory(
        parent=site_tree["blog"],
        title="The new alliance",
        slug="new-alliance",
        date=timezone.make_aware(datetime.datetime(2017, 11, 30, 19, 44), timezone=datetime.UTC),
    )
    ja_post = translate_page(post, site_tree["ja"], title="新しい同盟")
    return {**site_tree, "ja_home": ja_home, "ja_blog": ja_blog, "post": post, "ja_post": ja_post}


@pytest.mark.django_db
class TestLanguages:
    def test_english_is_unprefixed_and_japanese_lives_under_ja(self, client, bilingual):
        assert bilingual["post"].url == "/blog/new-alliance/"
        assert bilingual["ja_post"].url == "/ja/blog/new-alliance/"
        assert client.get("/blog/new-alliance/").status_code == 200
        assert client.get("/ja/blog/new-alliance/").status_code == 200

    def test_html_lang_follows_the_pages_language(self, client, bilingual):
        assert '<html lang="en">' in client.get("/").content.decode()
        assert '<html lang="ja">' in client.get("/ja/").content.decode()
        ja_html = client.get("/ja/blog/new-alliance/").content.decode()
        assert '<html lang="ja">' in ja_html
        assert "新しい同盟" in ja_html

    def test_hreflang_alternates_link_the_translations(self, client, bilingual):
        html = client.get("/blog/new-alliance/").content.decode()
        assert 'hreflang="ja" href="http://testserver/ja/blog/new-alliance/"' in html

    def test_dates_render_per_language_in_the_site_time_zone(self, client, bilingual, settings):
        # 19:44 UTC on 30 November is 19:44 in London (GMT in winter).
        en = client.get("/blog/new-alliance/").content.decode()
        ja = client.get("/ja/blog/new-alliance/").content.decode()
        assert "30 November 2017 · 7:44 p.m." in en
        assert "2017年11月30日 19:44" in ja
        assert 'datetime="2017-11-30T19:44:00+00:00"' in en

    def test_time_zone_is_configurable(self, client, bilingual, settings):
        settings.TIME_ZONE = "Asia/Tokyo"
        ja = client.get("/ja/blog/new-alliance/").content.decode()
        assert "2017年12月1日 04:44" in ja

    def test_japanese_interface_strings(self, client, bilingual):
        html = client.get("/ja/").content.decode()
        assert "メインコンテンツ" in html  # the translated skip link


@pytest.mark.django_db
class TestPaginationInput:
    @pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5", "%00", "9" * 40])
    def test_a_bad_page_number_is_a_404_never_a_500(self, client, site_tree, page):
        BlogPostPageFactory.create_batch(3, parent=site_tree["blog"])
        assert client.get("/blog/", {"page": page}).status_code == 404
        assert client.get("/blog/uncategorized/", {"page": page}).status_code == 404

    def test_pages_split_at_ten_posts(self, client, site_tree):
        BlogPostPageFactory.create_batch(12, parent=site_tree["blog"])
        first = client.get("/blog/").content.decode()
        second = client.get("/blog/", {"page": 2}).content.decode()
        assert first.count('class="post-summary"') == 10
        assert second.count('class="post-summary"') == 2
        assert 'rel="next" href="?page=2"' in first
