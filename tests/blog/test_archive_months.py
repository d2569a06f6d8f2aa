"""The sidebar's posts-per-month count, in the site's time zone, on either database: SQLite
counts by UTC month and moves the posts that sit between a UTC and a local month start."""

import datetime
import zoneinfo
from collections import Counter

from django.db.models import Q
from django.utils import timezone

import pytest

from blog.archive_months import count_by_month
from blog.models import BlogPostPage
from tests.factories import BlogPostPageFactory
from tests.reading import bilingual_blog

pytestmark = pytest.mark.django_db

UTC = datetime.UTC

# Instants near month starts: London summer (UTC+1) and winter, Tokyo (UTC+9), New York (UTC-5/-4).
INSTANTS = [
    datetime.datetime(2024, 7, 31, 23, 30, tzinfo=UTC),  # 1 Aug in London, Tokyo
    datetime.datetime(2024, 8, 1, 0, 30, tzinfo=UTC),  # 31 Jul in New York
    datetime.datetime(2024, 12, 31, 23, 30, tzinfo=UTC),  # still December in London
    datetime.datetime(2024, 12, 31, 15, 30, tzinfo=UTC),  # 1 Jan 2025 in Tokyo
    datetime.datetime(2025, 1, 1, 2, 0, tzinfo=UTC),  # 31 Dec in New York
    datetime.datetime(2024, 3, 31, 0, 30, tzinfo=UTC),  # the night London's clocks go forward
    datetime.datetime(2024, 6, 15, 12, 0, tzinfo=UTC),
    datetime.datetime(2024, 6, 16, 12, 0, tzinfo=UTC),
    datetime.datetime(2023, 2, 28, 23, 59, tzinfo=UTC),
]


@pytest.fixture
def posts(site_tree):
    blog = bilingual_blog(site_tree)
    for n, instant in enumerate(INSTANTS):
        BlogPostPageFactory(parent=blog["blog"], title=f"Post {n}", date=instant)


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Tokyo", "America/New_York", "UTC"])
def test_months_are_counted_in_the_site_time_zone(posts, zone):
    tz = zoneinfo.ZoneInfo(zone)
    expected = Counter(
        (instant.astimezone(tz).year, instant.astimezone(tz).month) for instant in INSTANTS
    )

    with timezone.override(tz):
        months = count_by_month(BlogPostPage.objects.live())

    assert [
        ((row["month"].astimezone(tz).year, row["month"].astimezone(tz).month), row["count"])
        for row in months
    ] == sorted(expected.items(), reverse=True)
    assert all(row["month"].astimezone(tz).day == 1 for row in months)
    assert all(row["month"].astimezone(tz).hour == 0 for row in months)


def test_no_posts_no_months(site_tree):
    assert count_by_month(BlogPostPage.objects.live()) == []


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "America/New_York"])
def test_a_part_of_each_month_is_counted_in_the_same_query(posts, zone, django_assert_num_queries):
    """The blog index counts the posts its pages list (the unpinned ones) with its months."""
    BlogPostPage.objects.filter(title__in=["Post 0", "Post 6"]).update(sticky=True)
    tz = zoneinfo.ZoneInfo(zone)
    unpinned = [instant for n, instant in enumerate(INSTANTS) if n not in (0, 6)]
    expected = Counter(
        (instant.astimezone(tz).year, instant.astimezone(tz).month) for instant in unpinned
    )

    with timezone.override(tz), django_assert_num_queries(1):
        months = count_by_month(BlogPostPage.objects.live(), part=Q(sticky=False))

    assert sum(row["count"] for row in months) == len(INSTANTS)
    assert {
        (row["month"].astimezone(tz).year, row["month"].astimezone(tz).month): row["part"]
        for row in months
        if row["part"]
    } == dict(expected)
