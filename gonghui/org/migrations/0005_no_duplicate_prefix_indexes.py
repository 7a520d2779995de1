"""PostgreSQL gives a unique text column its own pattern-ops index (`…_like`), so the
employee-number and phone prefix indexes of 0003 were second copies that every insert paid for."""

from django.db import migrations


DUPLICATES = {"employee_no_prefix": "employee_no", "employee_phone_prefix": "phone"}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in DUPLICATES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in DUPLICATES.items():
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {name} ON org_employee ("{column}" varchar_pattern_ops)')


class Migration(migrations.Migration):
    dependencies = [("org", "0004_issue10_indexes")]

    operations = [migrations.RunPython(drop, create)]
