"""Posts counted by month in the site's time zone, for the archive sidebar.

PostgreSQL truncates dates to local months natively. On SQLite, Django's ``TruncMonth``
converts each row's time zone in a Python function: about two seconds for 100,000 posts,
paid by the first reader after every publish. SQLite stores dates as UTC text, so counting by
UTC month is a native prefix match; only the posts within fourteen hours of a UTC month's
start (the widest offset of any time zone) can belong to another local month, and the same
query returns those by their date, to be moved one by one.
"""

import datetime
from collections import Counter

from django.db import connections, models
from django.db.models.functions import Substr, TruncMonth
from django.db.models.lookups import Exact
from django.utils import timezone

# Every time zone lies within fourteen hours of UTC (Kiribati is UTC+14).
WIDEST_OFFSET = "14 hours"


def count_by_month(posts: models.QuerySet, part: models.Q | None = None) -> list[dict]:
    """``[{"month": aware datetime of the month's start, "count": n, "part": m}, ...]``,
    newest first, where ``m`` counts the posts of the month that match ``part`` (the blog
    index: its unpinned posts, which its pages list, in the same query).
    """
    counts = {"count": models.Count("pk")}
    if part is not None:
        counts["part"] = models.Count("pk", filter=part)
    if connections[posts.db].vendor == "sqlite":
        return count_by_month_on_sqlite(posts, counts)
    months = (
        posts.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(**counts)
        .order_by("-month")
    )
    return list(months)


def utc_month_shifted(hours: str) -> models.Func:
    """SQLite: the "YYYY-MM" of the stored UTC date moved by ``hours`` ("+14 hours")."""
    return models.Func(
        models.Value("%Y-%m"),
        "date",
        models.Value(hours),
        function="STRFTIME",
        output_field=models.CharField(),
    )


def count_by_month_on_sqlite(posts: models.QuerySet, counts: dict) -> list[dict]:
    zone = timezone.get_current_timezone()
    # A post whose date moved fourteen hours either way stays in its UTC month is counted by
    # that month; any other comes back with its own date (few: a day a month at most).
    near_month_start = models.Case(
        models.When(
            Exact(utc_month_shifted(f"+{WIDEST_OFFSET}"), utc_month_shifted(f"-{WIDEST_OFFSET}")),
            then=models.Value(None),
        ),
        default="date",
        output_field=models.DateTimeField(),
    )
    rows = (
        posts.annotate(utc_month=Substr("date", 1, 7), near=near_month_start)
        .values("utc_month", "near")
        .annotate(**counts)
        .order_by()
    )
    totals: dict[tuple[int, int], Counter] = {}
    for row in rows:
        if row["near"] is None:
            year, month = (int(part) for part in row["utc_month"].split("-"))
        else:
            local = timezone.localtime(row["near"], zone)
            year, month = local.year, local.month
        totals.setdefault((year, month), Counter()).update({name: row[name] for name in counts})
    return [
        {"month": timezone.make_aware(datetime.datetime(year, month, 1), zone), **total}
        for (year, month), total in sorted(totals.items(), reverse=True)
    ]
