from django.db import connection


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
