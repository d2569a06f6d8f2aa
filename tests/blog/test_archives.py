"""Archives on the blog index: tag, year, month and author, pinned posts, related posts, prev/next."""

import re

import pytest
import wagtail_factories

from blog.models import BlogPostPage
from blog.models.post import NeighbourStatement, neighbour_rows
from blog.models.settings import POSTS_PER_PAGE
from core.cache.values import any_view_restriction
from tests.factories import BlogPostPageFactory, CategoryPageFactory, translate_page
from tests.reading import (
    AuthorFactory,
    TagFactory,
    bilingual_blog,
    count_queries,
    make_posts,
    paragraph,
    when,
)

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    """Post titles on a listing, in order."""
    html = response.content.decode()
    return re.findall(r'<h[23][^>]*><a href="[^"]*">([^<]+)</a></h[23]>', html)


def h1(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.DOTALL).group(1).strip()


@pytest.fixture
def blog(site_tree):
    return bilingual_blog(site_tree)


class TestTagArchive:
    def test_lists_tagged_posts_only_under_a_clear_heading(self, client, blog):
        defence = TagFactory(name="Defence", slug="defence")
        tagged = BlogPostPageFactory(parent=blog["blog"], title="Tagged post", tags=[defence])
        BlogPostPageFactory(parent=blog["blog"], title="Untagged post")

        response = client.get("/blog/tag/defence/")

        assert response.status_code == 200
        assert h1(response) == "Tag Archives: Defence"
        assert titles(response) == [tagged.title]
        assert (
            "<title>Tag Archives: Defence – Britain and Japan</title>" in response.content.decode()
        )

    def test_japanese_archive_uses_the_japanese_tag_and_heading(self, client, blog):
        english = TagFactory(name="Defence", slug="defence")
        japanese = translate_page_tag(english, blog["ja"], name="防衛", slug="防衛")
        post = BlogPostPageFactory(parent=blog["blog"], title="Defence post", tags=[english])
        translate_page(post, blog["ja"], title="防衛の記事")

        response = client.get("/ja/blog/tag/%E9%98%B2%E8%A1%9B/")

        assert response.status_code == 200
        assert japanese.name in h1(response)
        assert titles(response) == ["防衛の記事"]
        assert '<html lang="ja">' in response.content.decode()

    def test_a_tag_from_the_other_language_redirects_to_its_translation(self, client, blog):
        english = TagFactory(name="Defence", slug="defence")
        translate_page_tag(english, blog["ja"], name="防衛", slug="bouei")

        response = client.get("/ja/blog/tag/defence/")

        assert response.status_code == 301
        assert response["Location"] == "/ja/blog/tag/bouei/"

    def test_a_tag_without_posts_is_an_empty_archive(self, client, blog):
        TagFactory(name="Unused", slug="unused")

        response = client.get("/blog/tag/unused/")

        assert response.status_code == 200
        assert titles(response) == []
        assert "No posts are tagged “Unused” yet." in response.content.decode()

    def test_an_unknown_tag_is_not_found(self, client, blog):
        assert client.get("/blog/tag/no-such-tag/").status_code == 404


def translate_page_tag(tag, locale, **fields):
    """The tag's version in ``locale`` (as the snippet translation workflow would make it)."""
    copy = tag.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


class TestDateArchives:
    def test_year_and_month_archives_list_their_posts(self, client, blog):
        june = BlogPostPageFactory(parent=blog["blog"], title="June post", date=when(2024, 6, 10))
        july = BlogPostPageFactory(parent=blog["blog"], title="July post", date=when(2024, 7, 2))
        BlogPostPageFactory(parent=blog["blog"], title="Older post", date=when(2023, 12, 31))

        year = client.get("/blog/2024/")
        month = client.get("/blog/2024/06/")

        assert h1(year) == "Yearly Archives: 2024"
        assert titles(year) == [july.title, june.title]
        assert h1(month) == "Monthly Archives: June 2024"
        assert titles(month) == [june.title]

    def test_sidebar_lists_recent_months_then_earlier_years(self, client, blog, settings):
        settings.PAGE_CACHE_ENABLED = False
        # Monthly posts from January 2022 to June 2024: 30 months in three years.
        for n in range(30):
            BlogPostPageFactory(
                parent=blog["blog"], title=f"Monthly {n}", date=when(2022 + n // 12, n % 12 + 1, 5)
            )

        page = client.get("/blog/").content.decode()
        sidebar = page[page.index('class="month-archive"') :]
        months = re.findall(r'href="/blog/(\d{4})/(\d{2})/"', sidebar)
        years = re.findall(
            r'<a href="/blog/(\d{4})/">(\d{4})</a> <span class="count">\((\d+) posts?\)', sidebar
        )
        assert months == [("2024", f"{m:02d}") for m in range(6, 0, -1)] + [
            ("2023", f"{m:02d}") for m in range(12, 6, -1)
        ]
        # July 2023 and older: the rest of 2023 (six months) and all of 2022.
        assert years == [("2023", "2023", "6"), ("2022", "2022", "12")]
        assert client.get("/blog/2022/").status_code == 200
        # The untranslated posts are listed on the Japanese blog too, its years in Japanese.
        japanese = client.get("/ja/blog/").content.decode()
        assert '<a href="/ja/blog/2022/">2022年</a>' in japanese

    def test_month_archive_is_in_the_site_time_zone(self, client, blog):
        # 23:30 on 31 May in UTC is 00:30 on 1 June in London (summer time).
        import datetime

        late = datetime.datetime(2024, 5, 31, 23, 30, tzinfo=datetime.UTC)
        BlogPostPageFactory(parent=blog["blog"], title="Midnight post", date=late)

        assert titles(client.get("/blog/2024/06/")) == ["Midnight post"]
        assert client.get("/blog/2024/05/").status_code == 404

    def test_japanese_month_heading(self, client, blog):
        post = BlogPostPageFactory(parent=blog["blog"], date=when(2024, 6, 10))
        translate_page(post, blog["ja"], title="六月の記事")

        response = client.get("/ja/blog/2024/06/")

        assert response.status_code == 200
        assert "2024年6月" in h1(response)
        assert titles(response) == ["六月の記事"]

    def test_empty_and_impossible_dates_are_not_found(self, client, blog):
        BlogPostPageFactory(parent=blog["blog"], date=when(2024, 6, 10))

        assert client.get("/blog/2019/").status_code == 404
        assert client.get("/blog/2024/01/").status_code == 404
        assert client.get("/blog/2024/13/").status_code == 404
        assert client.get("/blog/2024/00/").status_code == 404

    def test_index_lists_months_with_counts_newest_first(self, client, blog):
        BlogPostPageFactory(parent=blog["blog"], date=when(2024, 6, 10))
        BlogPostPageFactory(parent=blog["blog"], date=when(2024, 6, 11))
        BlogPostPageFactory(parent=blog["blog"], date=when(2023, 2, 1))

        html = client.get("/blog/").content.decode()

        months = re.findall(
            r'<li><a href="([^"]+)">([^<]+)</a> <span class="count">\(([^)]+)\)', html
        )
        assert months == [
            ("/blog/2024/06/", "June 2024", "2 posts"),
            ("/blog/2023/02/", "February 2023", "1 post"),
        ]


class TestAuthorArchive:
    def test_keyed_by_a_slug_of_the_display_name_not_the_username(
        self, client, blog, django_user_model
    ):
        user = django_user_model.objects.create_user(username="admin-login-7", password="x")
        author = AuthorFactory(name="Sir Hugh Cortazzi", user=user)
        post = BlogPostPageFactory(parent=blog["blog"], title="Memoir", author=author)
        BlogPostPageFactory(parent=blog["blog"], title="Someone else's")

        response = client.get("/blog/author/sir-hugh-cortazzi/")

        assert author.slug == "sir-hugh-cortazzi"
        assert h1(response) == "Author Archives: Sir Hugh Cortazzi"
        assert titles(response) == [post.title]
        assert client.get("/blog/author/admin-login-7/").status_code == 404
        # Listings link the byline to the archive.
        assert (
            'href="/blog/author/sir-hugh-cortazzi/" rel="author"'
            in client.get("/blog/").content.decode()
        )

    def test_japanese_author_name_gets_a_japanese_slug(self, client, blog):
        author = AuthorFactory(name="山田 太郎")
        BlogPostPageFactory(parent=blog["blog"], title="Essay", author=author)

        response = client.get(f"/blog/author/{author.slug}/")

        assert author.slug == "山田-太郎"
        assert response.status_code == 200
        assert titles(response) == ["Essay"]

    def test_japanese_blog_has_the_authors_archive_in_japanese(self, client, blog):
        author = AuthorFactory(name="Ann Writer")
        post = BlogPostPageFactory(parent=blog["blog"], title="English essay", author=author)
        translate_page(post, blog["ja"], title="日本語の随筆")

        response = client.get("/ja/blog/author/ann-writer/")

        assert response.status_code == 200
        assert '<html lang="ja">' in response.content.decode()
        assert titles(response) == ["日本語の随筆"]

    def test_author_without_posts_is_an_empty_archive(self, client, blog):
        AuthorFactory(name="New Writer")

        response = client.get("/blog/author/new-writer/")

        assert response.status_code == 200
        assert "New Writer has not published any posts yet." in response.content.decode()
        assert client.get("/blog/author/nobody/").status_code == 404


class TestCategoryArchive:
    def test_heading_in_both_languages(self, client, blog):
        post = BlogPostPageFactory(
            parent=blog["blog"], title="Filed", categories=[blog["category"]]
        )
        translate_page(post, blog["ja"], title="分類済み")

        english = client.get("/blog/uncategorized/")
        japanese = client.get("/ja/blog/uncategorized/")

        assert h1(english) == "Category Archives: Uncategorized"
        assert titles(english) == ["Filed"]
        assert japanese.status_code == 200
        assert "未分類" in h1(japanese)
        assert titles(japanese) == ["分類済み"]


ARCHIVE_URLS = [
    "/blog/",
    "/blog/tag/defence/",
    "/blog/author/one-author/",
    "/blog/2024/",
    "/blog/2024/06/",
    "/blog/uncategorized/",
]


def test_each_archive_pages_and_refuses_pages_out_of_range(client, blog):
    tag = TagFactory(name="Defence", slug="defence")
    author = AuthorFactory(name="One Author")
    make_posts(
        blog["blog"], POSTS_PER_PAGE + 2, author=author, tags=[tag], categories=[blog["category"]]
    )

    for url in ARCHIVE_URLS:
        first, second = client.get(url), client.get(url + "?page=2")

        assert len(titles(first)) == POSTS_PER_PAGE, url
        assert len(titles(second)) == 2, url
        assert set(titles(first)).isdisjoint(titles(second)), url
        assert 'rel="next" href="?page=2"' in first.content.decode(), url
        assert "<title>" in second.content.decode() and "Page 2" in second.content.decode(), url
        assert client.get(url + "?page=3").status_code == 404, url
        assert client.get(url + "?page=abc").status_code == 404, url


class TestPinnedPosts:
    def test_pinned_post_leads_the_first_page_only(self, client, blog):
        posts = make_posts(blog["blog"], POSTS_PER_PAGE + 1)
        pinned = posts[-1]  # the oldest
        pinned.sticky = True
        pinned.save()

        first = titles(client.get("/blog/"))
        second = titles(client.get("/blog/?page=2"))

        assert first[0] == pinned.title
        assert len(first) == POSTS_PER_PAGE + 1
        assert pinned.title not in second
        assert "Pinned post" in client.get("/blog/").content.decode()
        # Archives keep date order.
        assert titles(client.get("/blog/2024/"))[0] != pinned.title


class TestPostNavigation:
    def test_previous_next_and_related_posts(self, client, blog):
        topic = TagFactory(name="Navy", slug="navy")
        other_category = CategoryPageFactory(parent=blog["blog"], title="Trade", slug="trade")
        oldest = BlogPostPageFactory(
            parent=blog["blog"], title="Oldest", date=when(2024, 1, 1), tags=[topic]
        )
        middle = BlogPostPageFactory(
            parent=blog["blog"], title="Middle", date=when(2024, 2, 1), tags=[topic]
        )
        newest = BlogPostPageFactory(
            parent=blog["blog"], title="Newest", date=when(2024, 3, 1), categories=[other_category]
        )
        BlogPostPageFactory(
            parent=blog["blog"],
            title="Also trade",
            date=when(2023, 1, 1),
            categories=[other_category],
        )

        html = client.get(middle.url).content.decode()

        assert (
            re.search(r'<a rel="prev" href="/blog/oldest/">', html)
            or 'href="/blog/oldest/"' in html
        )
        assert middle.previous_post.pk == oldest.pk
        assert middle.next_post.pk == newest.pk
        assert [post.title for post in middle.related_posts] == ["Oldest"]
        assert [post.title for post in newest.related_posts] == ["Also trade"]
        assert "Related posts" in html
        assert 'href="/blog/tag/navy/" rel="tag"' in html

    def test_related_posts_newest_first_and_without_the_post_itself(self, blog):
        topic = TagFactory(name="Navy", slug="navy")
        posts = make_posts(blog["blog"], 5, tags=[topic])

        related = posts[2].related_posts

        assert [post.title for post in related] == [posts[0].title, posts[1].title, posts[3].title]

    def test_neighbours_and_related_posts_are_read_in_one_query(
        self, blog, django_assert_num_queries
    ):
        topic = TagFactory(name="Navy", slug="navy")
        posts = make_posts(blog["blog"], 7, tags=[topic])
        post = BlogPostPage.objects.get(pk=posts[3].pk)
        # The post's own links are read first (the page shows them above).
        assert post.tag_link_list and post.category_link_list is not None
        any_view_restriction()  # read once per request, before

        with django_assert_num_queries(1):
            assert post.previous_post.pk == posts[4].pk
            assert post.next_post.pk == posts[2].pk
            # The newest three related, not the neighbours that are related too.
            assert [p.pk for p in post.related_posts] == [posts[0].pk, posts[1].pk, posts[2].pk]

    @pytest.mark.parametrize("categories,tags", [(0, 0), (1, 0), (0, 2), (2, 1)])
    def test_the_compiled_neighbour_statement_is_the_orms(self, blog, categories, tags):
        topics = [TagFactory(name=f"Topic {i}", slug=f"topic-{i}") for i in range(tags)]
        sections = [
            CategoryPageFactory(parent=blog["blog"], title=f"Part {i}", slug=f"part-{i}")
            for i in range(categories)
        ]
        posts = make_posts(blog["blog"], 5, tags=topics, categories=sections)
        post = BlogPostPage.objects.get(pk=posts[2].pk)
        values = post.neighbour_values()
        statement = NeighbourStatement.for_shape(
            len(values["category_keys"]), len(values["tag_keys"])
        )
        orm = neighbour_rows(**values)

        # The same SQL with the same parameters, and the same rows, as the ORM builds each time.
        sql, params = orm.query.get_compiler(using=orm.db).as_sql()
        assert (statement.sql, statement.params(values)) == (sql, list(params))
        compiled, built = statement.rows(values), list(orm)
        assert [(p.pk, p.title, p.url_path, p.date, p.locale.language_code) for p in compiled] == [
            (p.pk, p.title, p.url_path, p.date, p.locale.language_code) for p in built
        ]
        assert [getattr(p, "is_related", None) for p in compiled] == [
            getattr(p, "is_related", None) for p in built
        ]

    def test_the_newest_post_has_no_next_and_the_oldest_no_previous(self, blog):
        posts = make_posts(blog["blog"], 3)
        assert BlogPostPage.objects.get(pk=posts[0].pk).next_post is None
        assert BlogPostPage.objects.get(pk=posts[-1].pk).previous_post is None


class TestListing:
    def test_listing_shows_each_part_of_a_post(self, client, blog):
        author = AuthorFactory(name="Ann Writer")
        BlogPostPageFactory(
            parent=blog["blog"],
            title="Full listing",
            author=author,
            date=when(2024, 6, 10, 19),
            categories=[blog["category"]],
            excerpt="An editor's summary.",
            body=paragraph("<p>The body.</p>"),
        )

        html = client.get("/blog/").content.decode()

        assert '<time datetime="2024-06-10T19:00:00+01:00">' in html
        assert "Ann Writer" in html
        assert (
            'Filed under <a href="/blog/uncategorized/" rel="category tag">Uncategorized</a>'
            in html
        )
        assert "An editor&#x27;s summary." in html
        assert "Continue reading" in html

    def test_listing_shows_the_feature_image(self, client, blog):
        image = wagtail_factories.ImageFactory(title="Harbour", file__width=1600, file__height=900)
        BlogPostPageFactory(parent=blog["blog"], title="Illustrated", feature_image=image)
        BlogPostPageFactory(parent=blog["blog"], title="Plain")

        html = client.get("/blog/").content.decode()

        assert html.count("<picture>") == 1
        assert re.search(r'<img [^>]*loading="lazy"[^>]*>', html)

    def test_other_language_post_title_carries_its_lang(self, client, blog):
        BlogPostPageFactory(parent=blog["ja_blog"], title="日本語だけの記事")

        html = client.get("/blog/").content.decode()

        assert re.search(r'<h2 lang="ja"><a href="/ja/blog/[^"]+">日本語だけの記事</a></h2>', html)


def test_archive_queries_do_not_grow_with_posts(client, blog):
    tag = TagFactory(name="Defence", slug="defence")
    author = AuthorFactory(name="One Author")
    common = {"author": author, "tags": [tag], "categories": [blog["category"]]}
    make_posts(blog["blog"], 5, **common)
    BlogPostPage.objects.filter(title="Dispatch 3").update(sticky=True)
    with_five = {url: count_queries(client, url) for url in ARCHIVE_URLS}

    make_posts(blog["blog"], 45, start=5, **common)
    with_fifty = {url: count_queries(client, url) for url in ARCHIVE_URLS}

    assert with_five == with_fifty


IMPOSSIBLE_DATES = [
    "0/",
    "0000/",
    "10000/",
    "99999/",
    "0000/06/",
    "2024/0/",
    "2024/00/",
    "2024/13/",
    "2024/99/",
    "2024/6/",
    "10000/01/",
    "abcd/",
    "20x4/",
    "2024/ab/",
    "2024/-1/",
    "-001/",
    "２０２４/",  # full-width digits
    "2024/06/x/",
]
# Possible dates at the ends of the calendar, with no posts: also 404, never an overflow.
EMPTY_EDGES = ["0001/", "0001/01/", "9999/", "9999/12/"]


@pytest.mark.parametrize("language", ["", "/ja"])
def test_every_impossible_or_empty_date_is_not_found(client, blog, language):
    post = BlogPostPageFactory(parent=blog["blog"], date=when(2024, 6, 10))
    translate_page(post, blog["ja"], title="六月")
    for date in IMPOSSIBLE_DATES + EMPTY_EDGES:
        url = f"{language}/blog/{date}"
        assert client.get(url).status_code == 404, url
    # The real month still answers, so the 404s are about the dates.
    assert client.get(f"{language}/blog/2024/06/").status_code == 200
    assert client.get(f"{language}/blog/2024/").status_code == 200
