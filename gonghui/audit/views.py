from dataclasses import dataclass
from datetime import datetime, time

from auditlog.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gonghui.core.paging import COUNT_SECONDS, count_key, paginate_by_cursor
from gonghui.org.rules import can

from .display import Change, describe
from .forms import AuditFilterForm
from .registry import visible_entries

ACTION_LABELS = {
    LogEntry.Action.CREATE: "新增",
    LogEntry.Action.UPDATE: "修改",
    LogEntry.Action.DELETE: "删除",
    LogEntry.Action.ACCESS: "访问",
}


def _type_label(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model else entry.content_type.model


def _entries(user):
    if not can(user, "audit.view_log"):
        raise PermissionDenied
    return visible_entries(LogEntry.objects.select_related("content_type", "actor__employee"), user)


def _prepare(entries, *, limit=None):
    describe(entries, limit=limit)
    for entry in entries:
        entry.action_label = ACTION_LABELS.get(entry.action, "")
        entry.type_label = _type_label(entry)
    return entries


@dataclass(frozen=True)
class LogRow:
    """A row of the log as plain values, to keep: who, what, and the first changes in short."""

    pk: int
    timestamp: datetime
    actor: str
    named_actor: str
    action: int
    action_label: str
    type_label: str
    object_repr: str
    changes_shown: list[Change]


def _row(entry) -> LogRow:
    return LogRow(
        pk=entry.pk,
        timestamp=entry.timestamp,
        actor=entry.actor.display_name if entry.actor else "",
        named_actor="" if entry.actor else (entry.additional_data or {}).get("actor", ""),
        action=entry.action,
        action_label=entry.action_label,
        type_label=entry.type_label,
        object_repr=entry.object_repr,
        changes_shown=entry.changes_shown,
    )


def log_list(request):
    if not can(request.user, "audit.view_log"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    # The page is kept until the log grows: its newest id is part of the key. Each row is
    # checked against the record it logs, which is most of the page's cost.
    newest = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()

    def fill() -> dict:
        paging = paginate_by_cursor(request, _filtered(request.user, form), cache_count="audit")
        return {**paging, "rows": [_row(entry) for entry in _prepare(paging["rows"], limit=3)]}

    key = count_key("audit", request, f"{request.GET.urlencode()}#{newest}", "rows", also=("people",))
    paging = cache.get_or_set(key, fill, COUNT_SECONDS)
    return render(request, "audit/log_list.html", {**paging, "filters": form})


def _filtered(user, form):
    entries = _entries(user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            entries = entries.filter(object_repr__contains=data["q"])
        if data["actor"]:
            entries = entries.filter(
                Q(actor__username__startswith=data["actor"]) | Q(actor__employee__name__startswith=data["actor"])
            )
        if data["model"]:
            entries = entries.filter(content_type_id=data["model"])
        if data["action"] is not None:
            entries = entries.filter(action=data["action"])
        tz = timezone.get_current_timezone()
        if data["since"]:
            entries = entries.filter(timestamp__gte=datetime.combine(data["since"], time.min, tz))
        if data["until"]:
            entries = entries.filter(timestamp__lte=datetime.combine(data["until"], time.max, tz))
    # Newest first by id (ids follow time): a cursor walks a million rows as cheaply as fifty.
    return entries


def log_detail(request, pk):
    entry = get_object_or_404(_entries(request.user), pk=pk)
    _prepare([entry])
    return render(
        request,
        "audit/log_detail.html",
        {
            "entry": entry,
            "rows": entry.changes_shown,
            "action_label": entry.action_label,
            "type_label": entry.type_label,
        },
    )
