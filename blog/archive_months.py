"""Posts counted by month in the site's time zone, for the archive sidebar.

PostgreSQL truncates dates to local months natively. On SQLite, Django's ``TruncMonth``
converts each row's time zone in a Python function: about two seconds for 100,000 posts,
paid by the first reader after every publish. SQLite stores dates as UTC text, so counting by
UTC month is a native prefix match; only the posts between a local month's first midnight and
the UTC one (an hour a month in London summer, nine hours in Tokyo) belong to another month,
and those few are read and moved one by one.
"""

import datetime
from collections import Counter
from functools import reduce
from operator import or_

from django.db import connections, models
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone


def count_by_month(posts: models.QuerySet) -> list[dict]:
    """``[{"month": aware datetime of the month's start, "count": n}, ...]``, newest first."""
    if connections[posts.db].vendor == "sqlite":
        return count_by_month_on_sqlite(posts)
    months = (
        posts.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(count=models.Count("pk"))
        .order_by("-month")
    )
    return list(months)


def count_by_month_on_sqlite(posts: models.QuerySet) -> list[dict]:
    zone = timezone.get_current_timezone()
    utc_months = (
        posts.annotate(utc_month=Substr("date", 1, 7))  # "YYYY-MM" of the stored UTC text
        .values("utc_month")
        .annotate(count=models.Count("pk"))
        .order_by()
    )
    counts = Counter()
    for row in utc_months:
        year, month = row["utc_month"].split("-")
        counts[(int(year), int(month))] += row["count"]
    if not counts:
        return []
    edges = [
        sorted((timezone.make_aware(start, zone), start.replace(tzinfo=datetime.UTC)))
        for start in month_starts(min(counts), next_month(*max(counts)))
    ]
    edges = [(low, high) for low, high in edges if low != high]
    if edges:
        between = reduce(or_, (models.Q(date__gte=low, date__lt=high) for low, high in edges))
        for date in posts.filter(between).values_list("date", flat=True).order_by():
            local = timezone.localtime(date, zone)
            counts[(date.year, date.month)] -= 1
            counts[(local.year, local.month)] += 1
    return [
        {"month": timezone.make_aware(datetime.datetime(year, month, 1), zone), "count": count}
        for (year, month), count in sorted(counts.items(), reverse=True)
        if count
    ]


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def month_starts(first: tuple[int, int], last: tuple[int, int]):
    """Naive midnights of the 1st of each month from ``first`` to ``last`` inclusive."""
    year, month = first
    while (year, month) <= last:
        yield datetime.datetime(year, month, 1)
        year, month = next_month(year, month)
