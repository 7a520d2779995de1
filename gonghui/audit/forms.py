from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType

from gonghui.core.forms import StyledFormMixin

from .registry import audited_models

ACTIONS = [
    ("", "全部操作"),
    (LogEntry.Action.CREATE, "新增"),
    (LogEntry.Action.UPDATE, "修改"),
    (LogEntry.Action.DELETE, "删除"),
]


def registered_types() -> list[ContentType]:
    models = sorted(audited_models(), key=lambda m: m._meta.verbose_name)
    by_model = ContentType.objects.get_for_models(*models)
    return [by_model[m] for m in models]


class AuditFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(
        label="对象",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": "对象名称，如姓名", "type": "search"}),
    )
    actor = forms.CharField(
        label="操作人", required=False, max_length=20, widget=forms.TextInput(attrs={"placeholder": "工号或姓名"})
    )
    model = forms.TypedChoiceField(label="数据类型", required=False, coerce=int, empty_value=None)
    action = forms.TypedChoiceField(label="操作", required=False, choices=ACTIONS, coerce=int, empty_value=None)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "全部类型")] + [
            (ct.pk, ct.model_class()._meta.verbose_name) for ct in registered_types()
        ]
