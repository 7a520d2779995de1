"""Entry ids from record << 6 | code to code << 40 | record: each kind's entries one range of
ids. On PostgreSQL the table becomes partitioned by that range, one partition per kind code:
the planner then knows each kind's word frequencies (食堂 in a tenth of the appeals, in none of
the people) and walks a kind's ids newest first or reads its full-text index, whichever is
cheaper for that kind."""

from django.db import migrations

OLD_TO_NEW = "((id & 63) << 40) | (id >> 6)"
NEW_TO_OLD = "((id & 1099511627775) << 6) | (id >> 40)"
COLUMNS = "kind, object_id, unit_path, year, happened_at, title, subtitle, text, title_tokens, body_tokens, unit_id"
MAX_CODE = 63


def _rewrite_sqlite(schema_editor, new_id: str):
    # Through negative ids: a new id may meet an old one not yet rewritten, and the primary
    # key is checked row by row.
    schema_editor.execute(f"UPDATE search_entry SET id = -({new_id})")
    schema_editor.execute("UPDATE search_entry SET id = -id")
    # The FTS5 table keys its words by the entry's id, and its triggers watch the words only.
    schema_editor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")


def _copied_postgresql(schema_editor, new_id: str, *, partitioned: bool):
    from gonghui.search.backends import PostgreSQL

    execute = schema_editor.execute
    execute("ALTER TABLE search_entry RENAME TO search_entry_old")
    execute("ALTER TABLE search_entry_old RENAME CONSTRAINT search_entry_pkey TO search_entry_old_pkey")
    execute("ALTER INDEX search_entry_vector RENAME TO search_entry_old_vector")
    execute(
        "CREATE TABLE search_entry (LIKE search_entry_old INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
        "INCLUDING GENERATED)" + (" PARTITION BY RANGE (id)" if partitioned else "")
    )
    for code in range(1, MAX_CODE + 1) if partitioned else ():
        execute(
            f"CREATE TABLE search_entry_{code} PARTITION OF search_entry "
            f"FOR VALUES FROM ({code << 40}) TO ({(code + 1) << 40})"
        )
    execute(f"INSERT INTO search_entry (id, {COLUMNS}) SELECT {new_id}, {COLUMNS} FROM search_entry_old")
    execute("DROP TABLE search_entry_old")
    execute("ALTER TABLE search_entry ADD CONSTRAINT search_entry_pkey PRIMARY KEY (id)")
    execute(
        "ALTER TABLE search_entry ADD CONSTRAINT search_entry_unit_id_9e293dc3_fk_org_orgunit_id FOREIGN KEY (unit_id) "
        "REFERENCES org_orgunit (id) DEFERRABLE INITIALLY DEFERRED"
    )
    execute(PostgreSQL.INDEX)
    execute("ANALYZE search_entry")


def _kind_in_high_bits(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _copied_postgresql(schema_editor, OLD_TO_NEW, partitioned=True)
    else:
        _rewrite_sqlite(schema_editor, OLD_TO_NEW)


def _kind_in_low_bits(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        _copied_postgresql(schema_editor, NEW_TO_OLD, partitioned=False)
    else:
        _rewrite_sqlite(schema_editor, NEW_TO_OLD)


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("search", "0001_entry"), ("org", "0006_unit_path_indexed_once")]

    operations = [migrations.RunPython(_kind_in_high_bits, _kind_in_low_bits)]
