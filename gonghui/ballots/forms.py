from django import forms

from gonghui.core.forms import LocalDateTime, StyledFormMixin, UnitChoice
from gonghui.org.models import OrgUnit

from . import services

PRESETS = {
    "ratings": ("民主评议：优秀 / 称职 / 基本称职 / 不称职", services.RATINGS),
    "satisfaction": ("满意度：满意 / 基本满意 / 不满意", services.SATISFACTION),
    "motion": ("表决：同意 / 不同意 / 弃权", services.MOTION),
    "custom": ("自定义（每行一个选项）", []),
}


class BallotForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    preset = forms.ChoiceField(label="选项类型", choices=[(k, v[0]) for k, v in PRESETS.items()])
    custom_choices = forms.CharField(
        label="自定义选项（每行一个）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    items = forms.CharField(
        label="评议对象或表决事项（每行一个）",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "如：陈静\n王磊\n或：《集体合同（草案）》"}),
    )
    voters = forms.ChoiceField(
        label="投票人", choices=[("representatives", "全体职工代表"), ("unit", "所选单位的全体在职职工")]
    )
    unit = UnitChoice(label="单位（投票人选“所选单位”时）", required=False, queryset=OrgUnit.objects.all())
    opens_at = forms.DateTimeField(label="开始时间", widget=LocalDateTime())
    closes_at = forms.DateTimeField(label="截止时间", widget=LocalDateTime())
    results_public = forms.BooleanField(label="结束后投票人可查看结果", required=False)

    def clean(self):
        data = super().clean()
        if data.get("preset") == "custom":
            data["choices"] = data.get("custom_choices", "").splitlines()
        elif data.get("preset"):
            data["choices"] = PRESETS[data["preset"]][1]
        if data.get("voters") == "unit" and not data.get("unit"):
            self.add_error("unit", "请选择单位")
        return data
