"""The search index: ``SearchEntry`` plus each engine's own full-text structure.

One migration history serves both engines; the engine-specific SQL runs in ``RunPython``
steps that look at ``schema_editor.connection.vendor``:

- SQLite: ``search_fts``, an FTS5 *external-content* table over ``title_stemmed`` and
  ``body_stemmed`` of ``search_searchentry`` (rowid = ``measure_id``), and three triggers that
  keep it in step with every insert, update and delete of an entry. External content stores
  the words only once (in ``search_searchentry``); the triggers keep the index right whoever
  writes, including Django's cascading delete of a measure. A later migration that alters
  ``SearchEntry`` on SQLite makes Django rebuild the table, which drops the triggers: such a
  migration must run ``SQLITE_TRIGGERS`` again and ``INSERT INTO search_fts(search_fts)
  VALUES ('rebuild')`` (the test suite checks that the triggers exist).
- PostgreSQL: a stored generated column ``search_vector`` = title (weight A) and body
  (weight B) through ``to_tsvector('dutch', …)``, with a GIN index. Stored, ranking reads the
  vector instead of parsing the text again for every match. Django does not know the column;
  it is derived data, filled by PostgreSQL on every insert.
"""

from typing import ClassVar

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE_TABLE = """
CREATE VIRTUAL TABLE search_fts USING fts5(
    title_stemmed, body_stemmed,
    content='search_searchentry', content_rowid='measure_id',
    tokenize='unicode61 remove_diacritics 2'
)
"""

SQLITE_TRIGGERS = (
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title_stemmed, body_stemmed)
        VALUES (new.measure_id, new.title_stemmed, new.body_stemmed);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_stemmed, body_stemmed)
        VALUES ('delete', old.measure_id, old.title_stemmed, old.body_stemmed);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title_stemmed, body_stemmed)
        VALUES ('delete', old.measure_id, old.title_stemmed, old.body_stemmed);
        INSERT INTO search_fts(rowid, title_stemmed, body_stemmed)
        VALUES (new.measure_id, new.title_stemmed, new.body_stemmed);
    END
    """,
)

POSTGRESQL = (
    """
    ALTER TABLE search_searchentry ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch'::regconfig, title), 'A')
        || setweight(to_tsvector('dutch'::regconfig, body), 'B')
    ) STORED
    """,
    "CREATE INDEX search_entry_vector_gin ON search_searchentry USING gin (search_vector)",
)


def create_fulltext(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for sql in (SQLITE_TABLE, *SQLITE_TRIGGERS):
            schema_editor.execute(sql)
        schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
    elif vendor == "postgresql":
        for sql in POSTGRESQL:
            schema_editor.execute(sql)


def drop_fulltext(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_entry_vector_gin")
        schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    initial = True

    dependencies: ClassVar = [
        ("tracker", "0001_initial"),
    ]

    operations: ClassVar = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "measure",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_entry",
                        serialize=False,
                        to="tracker.measure",
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("title", models.TextField()),
                ("body", models.TextField(blank=True)),
                ("title_stemmed", models.TextField(blank=True)),
                ("body_stemmed", models.TextField(blank=True)),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_entries",
                        to="tracker.document",
                    ),
                ),
            ],
            options={
                "verbose_name": "zoekindex-item",
                "verbose_name_plural": "zoekindex",
                "ordering": ["measure"],
                "indexes": [models.Index(fields=["kind"], name="search_entry_kind")],
            },
        ),
        migrations.RunPython(create_fulltext, drop_fulltext, elidable=False),
    ]
