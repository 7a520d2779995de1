"""The figures every report on cases counts, one rule for all of them: how many, answered and
closed, answered on time, overdue, first-response and closing hours, and satisfaction (the
share of rated cases whose rating the kind counts as satisfied: 满意 and 基本满意)."""

from __future__ import annotations

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from gonghui.core.numbers import percent

from .kinds import RatingRule
from .models import Case

DEFAULT_RATING = RatingRule()


def _hours(value) -> float | None:
    return round(value.total_seconds() / 3600, 1) if value is not None else None


def case_figures(cases, *, group_by: str | None = None, rating: RatingRule = DEFAULT_RATING, now=None, **extra):
    """The figures of `cases` in one query: one dict, or with `group_by` (a field, "category",
    "lead_unit__name") one per group under "group", largest first. `extra` adds the caller's
    own aggregates to the same query (a proposal's dispositions, say)."""
    now = now or timezone.now()
    first = ExpressionWrapper(F("first_response_at") - F("created_at"), output_field=DurationField())
    closing = ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())
    values = [v for v, _ in rating.values]
    late = Q(answered_at__isnull=True, closed_at__isnull=True, due_at__lt=now) | Q(answered_at__gt=F("due_at"))
    aggregates = {
        "total": Count("id"),
        "answered": Count("id", filter=Q(answered_at__isnull=False)),
        "closed": Count("id", filter=Q(closed_at__isnull=False)),
        "on_time": Count("id", filter=Q(answered_at__isnull=False, answered_at__lte=F("due_at"))),
        # Answered, or past their deadline unanswered: the cases whose answer has fallen due.
        "due": Count("id", filter=Q(answered_at__isnull=False) | Q(closed_at__isnull=True, due_at__lt=now)),
        "overdue": Count("id", filter=late),
        "rated": Count("id", filter=Q(rating__in=values)),
        "satisfied": Count("id", filter=Q(rating__in=rating.satisfied)),
        "first_response": Avg(first),
        "closing": Avg(closing),
        **extra,
    }
    if group_by is None:
        return _finish(cases.aggregate(**aggregates))
    rows = cases.values(group_by).annotate(**aggregates).order_by("-total", group_by)
    return [_finish(row, group=row.pop(group_by)) for row in rows]


def _finish(row: dict, **group) -> dict:
    row.update(group)
    row["first_response_hours"] = _hours(row.pop("first_response"))
    row["closing_hours"] = _hours(row.pop("closing"))
    row["satisfaction"] = percent(row["satisfied"], row["rated"])
    row["answered_rate"] = percent(row["answered"], row["total"])
    # Of the cases whose answer is due: one still within its deadline counts neither way.
    row["on_time_rate"] = percent(row["on_time"], row["due"])
    row["overdue_rate"] = percent(row["overdue"], row["total"])
    return row


def scoped_cases(kind: str, *, start, end, scope_path: str):
    """A kind's cases raised in [start, end) within a union (its root's path) or within one of
    its branches (by the requester's unit). A branch's count leaves anonymous cases out: in a
    small branch the count alone could say who raised one."""
    from gonghui.org.models import under
    from gonghui.org.scopes import union_id_of, union_path_of

    cases = Case.objects.filter(kind=kind, created_at__gte=start, created_at__lt=end, union_id=union_id_of(scope_path))
    if scope_path == union_path_of(scope_path):
        return cases
    return cases.filter(under("requester__employee__unit_path", scope_path), anonymous=False)
