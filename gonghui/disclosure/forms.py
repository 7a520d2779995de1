"""The forms of the disclosure pages: what a page asks for and checks before a service acts."""

from django import forms

from gonghui.core.forms import MultipleFileField, StyledFormMixin, UnitChoice
from gonghui.org.models import OrgUnit

from .models import Item


class QuestionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="您的问题", max_length=100)
    body = forms.CharField(label="具体说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    anonymous = forms.BooleanField(label="匿名提出（责任单位看不到您的姓名）", required=False)


class PublishForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="公开内容", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    table_text = forms.CharField(
        label="表格（可空：在 Excel 中选中区域复制，粘贴到这里，第一行为表头）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
    )
    publish_until = forms.DateField(
        label="公示截止日期（默认 30 天）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachments = MultipleFileField(label="附件（可空）", required=False)


class ItemForm(StyledFormMixin, forms.ModelForm):
    unit = UnitChoice(label="责任单位", queryset=OrgUnit.objects.all())
    audience = UnitChoice(label="公开范围（该单位及下属全体职工）", queryset=OrgUnit.objects.all())

    class Meta:
        model = Item
        fields = ["title", "category", "level", "frequency", "unit", "audience", "grace_days", "active"]

    def clean(self):
        data = super().clean()
        unit, audience = data.get("unit"), data.get("audience")
        if unit and audience and not (audience.path.startswith(unit.path) or unit.path.startswith(audience.path)):
            self.add_error("audience", "公开范围应是责任单位本身、其上级或其下属单位")
        return data
