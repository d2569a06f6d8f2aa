"""SQLite (FTS5) search that finds the newest matches without listing them all.

Imported only when the default database is SQLite (modelsearch's SQLite module defines its
full-text model only there). A search ordered by date, as the site search orders it there,
asks Wagtail's compiler for every match and sorts them: a word found in every post of 100,000 costs ~80 ms before the first result (the full
list is built, then sorted). Walking the pages newest first and asking the full-text index
about each one finds the ten newest matches of such a word in under a millisecond, but costs
~25 µs per page looked at, so it would take seconds for a word that matches nothing.
:class:`NewestFirstSQLiteSearchQueryCompiler` therefore looks only among the newest few
hundred pages first, and falls back to Wagtail's way when they do not hold a full page of
results: a common word is fast, a rare word costs what it always did plus at most the window.
"""

from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast

from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteFTSIndexEntry,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

# Pages looked at newest first, per result wanted: a word in at least one page in fifty is
# found in the window. Capped so a rare word's wasted look costs at most ~50 ms.
WINDOW_PER_RESULT = 50
MAX_WINDOW = 2_000


class NewestFirstSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    """Wagtail's SQLite compiler, looking among the newest pages first when ordered by a field."""

    def search(self, config, start, stop, score_field=None):
        found = self.newest_matches(config, start or 0, stop)
        if found is not None:
            return found
        return super().search(config, start, stop, score_field=score_field)

    def newest_matches(self, config, start: int, stop: int | None):
        """Results ``start:stop`` when the newest pages hold them all, else ``None``.

        Correct because the window is the first rows of the same ordering: a match outside
        it comes after every page inside it.
        """
        ordering = self.queryset.query.order_by
        if self.order_by_relevance or stop is None or len(ordering) != 1:
            return None
        # Descending only: SQLite sorts empty values first when ascending, and a bound on the
        # field would leave them out.
        if not isinstance(ordering[0], str) or not ordering[0].startswith("-"):
            return None
        query = normalize(self.query)
        if isinstance(query, (MatchAll, Not)):
            return None
        wanted = stop - start
        window = min(WINDOW_PER_RESULT * stop, MAX_WINDOW)
        if wanted <= 0 or stop > window:
            return None
        field = ordering[0][1:]
        # The window as a bound on the ordering field (an index range, read newest first and
        # left as soon as a page of results is found) rather than a list of its pages.
        edge = list(self.queryset.values_list(field, flat=True)[window - 1 : window])
        if not edge or edge[0] is None:
            return None  # fewer pages than the window: the usual search is cheap
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        entries = SQLiteFTSIndexEntry.objects.filter(
            match,
            index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model),
            # IndexEntry.object_id is text; comparing it as text keeps its unique index in use.
            index_entry__object_id=Cast(OuterRef("pk"), output_field=CharField()),
        )
        results = self.queryset.filter(**{f"{field}__gte": edge[0]}).filter(Exists(entries))[
            start:stop
        ]
        # Evaluated here so that a short page can fall back; the caller reuses the rows.
        return results if len(results) == wanted else None


class NewestFirstSQLiteSearchBackend(SQLiteSearchBackend):
    """Wagtail's SQLite backend with the compiler above."""

    query_compiler_class = NewestFirstSQLiteSearchQueryCompiler
