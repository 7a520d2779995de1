from django.db import connection


def refresh_planner_statistics() -> None:
    """Let SQLite's planner know the tables' shapes after bulk changes.

    Without statistics SQLite picks the first index that fits, e.g. scanning every active
    employee for a name search that an index on names answers from a few hundred rows.
    PostgreSQL's autovacuum keeps its own statistics.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
