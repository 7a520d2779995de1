from django.db import connection
from django.utils import timezone


def refresh_planner_statistics() -> None:
    """Tell the planner the tables' shapes after bulk changes (an import, a demo, a bench).

    Without statistics SQLite picks the first index that fits, e.g. scanning every active
    employee for a name search that an index on names answers from a few hundred rows; and
    PostgreSQL, until autovacuum gets round to it, takes a table of 200,000 cases for 1,000 and
    plans a bitmap scan and a sort where an ordered index walk would stop after fifty. Outside
    a transaction PostgreSQL also vacuums, which marks the freshly written pages all-visible so
    that the to-do's unit check is read from its index alone instead of from 2,000 table pages.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")


def insert_from(model, rows, *, copy: dict[str, str], values: dict | None = None, skip_conflicts: bool = False) -> int:
    """INSERT INTO model … SELECT … FROM rows: one statement in which the database copies a
    query's rows across (a union's 50,000 first logins, a ballot's voters and their notices),
    where as objects they would take seconds of Python. Returns how many rows were written.

    `copy` maps fields of `model` to fields of `rows` ({"recipient": "pk"}); every other field
    takes its value from `values`, else its default (now, for auto_now fields). Like
    bulk_create: no save(), no signals. `skip_conflicts`: rows that would break a unique key
    are left out (someone who got one a moment ago in another request).
    """
    quote = connection.ops.quote_name
    now = timezone.now()
    values = values or {}
    source, source_params = rows.order_by().values(*copy.values()).query.sql_with_params()
    columns = [quote(model._meta.get_field(name).column) for name in copy]
    selects, params = ["s.*"], []
    for field in model._meta.concrete_fields:
        if field.name in copy or (field.primary_key and field.name not in values):
            continue
        if field.name in values:
            value = values[field.name]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now
        else:
            value = field.get_default()
        columns.append(quote(field.column))
        selects.append("%s")
        params.append(field.get_db_prep_save(value, connection))
    # WHERE: SQLite reads "ON CONFLICT" after a bare FROM as part of a join.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selects)} FROM ({source}) s WHERE 1 = 1"
        + (" ON CONFLICT DO NOTHING" if skip_conflicts else "")
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *source_params])
        return cursor.rowcount


def save_fields(instance, fields: dict, *, conflict: str | dict = "与已有记录重复，请刷新后再试"):
    """Set `fields` on `instance` (many-to-many ones once it is saved) and save it in a
    savepoint. The service checked uniqueness first; a race lost to another request between
    that check and this write reads as a validation error (`conflict`), never a 500."""
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    many = {f.name for f in instance._meta.many_to_many}
    for name, value in fields.items():
        if name not in many:
            setattr(instance, name, value)
    try:
        with transaction.atomic():
            instance.save()
            for name in many & fields.keys():
                getattr(instance, name).set(fields[name])
    except IntegrityError:
        raise ValidationError(conflict) from None
    return instance
