from datetime import datetime, time

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from gonghui.org.rules import can
from gonghui.web.forms import StyledFormMixin
from gonghui.web.paging import paginate

from .registry import audited_models

ACTIONS = [
    ("", "全部操作"),
    (LogEntry.Action.CREATE, "新增"),
    (LogEntry.Action.UPDATE, "修改"),
    (LogEntry.Action.DELETE, "删除"),
]
ACTION_LABELS = {
    LogEntry.Action.CREATE: "新增",
    LogEntry.Action.UPDATE: "修改",
    LogEntry.Action.DELETE: "删除",
    LogEntry.Action.ACCESS: "访问",
}


def _registered_types() -> list[ContentType]:
    models = sorted(audited_models(), key=lambda m: m._meta.verbose_name)
    by_model = ContentType.objects.get_for_models(*models)
    return [by_model[m] for m in models]


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label="对象",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "对象名称，如姓名", "type": "search"}),
    )
    actor = forms.CharField(label="操作人", required=False, widget=forms.TextInput(attrs={"placeholder": "工号或姓名"}))
    model = forms.ChoiceField(label="数据类型", required=False)
    action = forms.ChoiceField(label="操作", required=False, choices=ACTIONS)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "全部类型")] + [
            (ct.pk, ct.model_class()._meta.verbose_name) for ct in _registered_types()
        ]


def _field_label(model, name: str) -> str:
    try:
        return str(getattr(model._meta.get_field(name), "verbose_name", name))
    except FieldDoesNotExist:
        return name


def describe_changes(entry: LogEntry, limit: int | None = None) -> list[tuple[str, str, str]]:
    model = entry.content_type.model_class()
    rows = []
    for name, values in (entry.changes or {}).items():
        if isinstance(values, list) and len(values) == 2:
            old, new = values
        else:  # many-to-many changes are stored as a dict
            old, new = "", str(values)
        rows.append(
            (
                _field_label(model, name) if model else name,
                "" if old in (None, "None") else str(old),
                "" if new in (None, "None") else str(new),
            )
        )
    return rows[:limit] if limit else rows


def _type_label(entry: LogEntry) -> str:
    model = entry.content_type.model_class()
    return str(model._meta.verbose_name) if model else entry.content_type.model


def log_list(request):
    if not can(request.user, "audit.view_log"):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = LogEntry.objects.select_related("content_type", "actor__employee").order_by("-timestamp", "-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            entries = entries.filter(object_repr__contains=data["q"])
        if data["actor"]:
            entries = entries.filter(
                Q(actor__username__istartswith=data["actor"]) | Q(actor__employee__name__contains=data["actor"])
            )
        if data["model"]:
            entries = entries.filter(content_type_id=data["model"])
        if data["action"] != "" and data["action"] is not None:
            entries = entries.filter(action=data["action"])
        tz = timezone.get_current_timezone()
        if data["since"]:
            entries = entries.filter(timestamp__gte=datetime.combine(data["since"], time.min, tz))
        if data["until"]:
            entries = entries.filter(timestamp__lte=datetime.combine(data["until"], time.max, tz))
    paging = paginate(request, entries)
    page = paging["page"]
    for entry in page.object_list:
        entry.summary = describe_changes(entry, limit=3)
        entry.action_label = ACTION_LABELS.get(entry.action, "")
        entry.type_label = _type_label(entry)
    return render(request, "audit/log_list.html", {**paging, "filters": form})


def log_detail(request, pk):
    if not can(request.user, "audit.view_log"):
        raise PermissionDenied
    entry = get_object_or_404(LogEntry.objects.select_related("content_type", "actor__employee"), pk=pk)
    return render(
        request,
        "audit/log_detail.html",
        {
            "entry": entry,
            "rows": describe_changes(entry),
            "action_label": ACTION_LABELS.get(entry.action, ""),
            "type_label": _type_label(entry),
        },
    )
