"""Give SQLite's full-text index the Porter stemmer, so English searches match word forms.

PostgreSQL's search already stems English ("treaties" finds "treaty"); Wagtail's SQLite
backend creates its FTS5 table with the plain unicode61 tokenizer, which does not. This
rebuilds that table with ``porter unicode61`` and copies the index into it. Porter only
rewrites ASCII word endings, so the Japanese bigrams are indexed unchanged. Nothing
happens on other databases.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


def create_fts(schema_editor, tokenizer: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=%s", [f"{TABLE}_fts"]
        )
        if cursor.fetchone() is None:
            return  # SQLite built without FTS5: Wagtail falls back to its basic search.
        cursor.execute(f"DROP TABLE {TABLE}_fts")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {TABLE}_fts USING fts5(autocomplete, body, title, tokenize={tokenizer!r})"
        )
        cursor.execute(
            f"INSERT INTO {TABLE}_fts(rowid, title, body, autocomplete) "  # noqa: S608 - fixed names
            f"SELECT id, title, body, autocomplete FROM {TABLE}"
        )


def stemming_on(apps, schema_editor) -> None:
    create_fts(schema_editor, "porter unicode61 remove_diacritics 2")


def stemming_off(apps, schema_editor) -> None:
    create_fts(schema_editor, "unicode61")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(stemming_on, stemming_off, elidable=False)]
