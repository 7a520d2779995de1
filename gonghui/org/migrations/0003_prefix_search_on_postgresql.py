"""Prefix search (a name from its surname, a number from its first digits) on PostgreSQL.

Under a database collation other than C, PostgreSQL cannot serve `LIKE '张%'` from an ordinary
b-tree index and scans the roster. Pattern-ops indexes serve it. SQLite needs none: its prefix
search is an index range (org.selectors.starts_with).
"""

from django.db import migrations

INDEXES = {"employee_name_prefix": "name", "employee_no_prefix": "employee_no", "employee_phone_prefix": "phone"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON org_employee ("{column}" varchar_pattern_ops)')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("org", "0002_issue10")]

    operations = [migrations.RunPython(create, drop)]
