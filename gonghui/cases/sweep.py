"""The overdue sweep: reminds the units handling overdue cases once, and escalates after a
delay to whom each kind names (its union office by default). Every step's deadline is the
case's `due_at` while that step lasts. Run by the periodic task (core.periodic)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from gonghui.core.cache import changed
from gonghui.notify.services import notify_units, notify_users
from gonghui.org.models import OrgUnit

from .kinds import get_kind
from .models import Case, CaseEvent, CaseUnit
from .notices import escalation_recipients, unit_handlers


def sweep_overdue(now=None) -> dict:
    """Remind the handling units of overdue cases once, and escalate to the union after a delay.

    Idempotent: each case records when it was reminded and escalated (assigning it anew clears
    both), so a second run finds nothing. Set-based: one UPDATE and one INSERT … SELECT per
    step whatever the number of cases, and one message per unit rather than per case.
    """
    now = now or timezone.now()
    open_cases = Case.objects.filter(closed_at__isnull=True, answered_at__isnull=True, due_at__lt=now)
    limit = now - timedelta(hours=settings.CASE_ESCALATE_AFTER_HOURS)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The sweep is idempotent: a crash just after it commits loses nothing that the next
            # run does not do again, so its commit need not wait for the disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        # Long overdue and never reminded (the sweep did not run, or the deadline was set in the
        # past): both stamps in one UPDATE. Every row written is a new row version and index
        # entry on PostgreSQL; writing each case once, not twice, halves the sweep.
        both = open_cases.filter(due_at__lt=limit, overdue_notified_at__isnull=True, escalated_at__isnull=True).update(
            overdue_notified_at=now, escalated_at=now
        )
        reminded = both + open_cases.filter(overdue_notified_at__isnull=True).update(overdue_notified_at=now)
        escalated = both + open_cases.filter(due_at__lt=limit, escalated_at__isnull=True).update(escalated_at=now)
        if reminded or escalated:
            _timeline_for_swept(now)
        if reminded:
            _notify_overdue(now)
        if escalated:
            # Each union hears of its own cases only, from whoever each kind escalates to (the
            # union office, or a kind's own: company leaders, a safety department).
            for union_id, kind, count in (
                open_cases.filter(escalated_at=now).values_list("union_id", "kind").annotate(n=Count("id")).order_by()
            ):
                notify_users(
                    escalation_recipients(kind, union_id),
                    title=f"{count} 件{get_kind(kind).label}超期未办，已升级",
                    url="/todo/?overdue=1",
                )
    if reminded or escalated:
        changed("cases")
    return {"reminded": reminded, "escalated": escalated}


def _timeline_for_swept(now) -> None:
    """One timeline event for every case stamped at `now`, in a single INSERT … SELECT: a case
    reminded and escalated in the same sweep gets one event saying both, not two."""
    from django.db import connection

    case_table, event_table = Case._meta.db_table, CaseEvent._meta.db_table
    at = connection.ops.adapt_datetimefield_value(now)
    sql = (
        f"INSERT INTO {event_table} (case_id, action, label, from_state, to_state, actor_hidden, text, data, created_at) "
        "SELECT id, CASE WHEN escalated_at = %s THEN 'escalate' ELSE 'overdue' END, "
        "CASE WHEN escalated_at = %s AND overdue_notified_at = %s THEN %s "
        "WHEN escalated_at = %s THEN %s ELSE %s END, '', '', %s, '', '{}', %s "
        f"FROM {case_table} WHERE overdue_notified_at = %s OR escalated_at = %s"
    )
    labels = ["已超期，已提醒承办单位并报工会", "超期未办，已报工会", "已超期，已提醒承办单位"]
    with connection.cursor() as cursor:
        cursor.execute(sql, [at, at, at, labels[0], at, labels[1], labels[2], False, at, at, at])


def _notify_overdue(now) -> None:
    from django.db.models import Count, Max

    rows = (
        CaseUnit.objects.filter(case__overdue_notified_at=now, active=True, is_lead=True)
        .values("unit_id")
        .annotate(n=Count("case_id"), last=Max("case__number"))
    )
    units = OrgUnit.objects.in_bulk([r["unit_id"] for r in rows])
    for row in rows:
        unit = units[row["unit_id"]]
        title = (
            f"{unit.name}有 {row['n']} 件事项超期未办" if row["n"] > 1 else f"{unit.name}有超期未办事项：{row['last']}"
        )
        notify_users(unit_handlers(unit), title=title, url="/todo/?overdue=1")
        notify_units([unit], title=title, url="/todo/?overdue=1")
