from django import forms

from gonghui.core.forms import LocalDateTime, StyledFormMixin, UnitChoice
from gonghui.org.models import OrgUnit

from . import services
from .models import Method

PRESETS = {
    "ratings": ("民主评议：优秀 / 称职 / 基本称职 / 不称职", services.RATINGS),
    "satisfaction": ("满意度：满意 / 基本满意 / 不满意", services.SATISFACTION),
    "motion": ("表决：同意 / 不同意 / 弃权", services.MOTION),
    "custom": ("自定义（每行一个选项）", []),
}


class BallotForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(label="投票方式", choices=Method.choices, initial=Method.CHOICE, required=False)
    preset = forms.ChoiceField(label="选项类型（每项单选时）", choices=[(k, v[0]) for k, v in PRESETS.items()])
    custom_choices = forms.CharField(
        label="自定义选项（每行一个）", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    max_approvals = forms.IntegerField(label="每人最多可选（限额选举时）", required=False, min_value=1)
    score_min = forms.IntegerField(label="最低分（打分时）", required=False, initial=1, min_value=0, max_value=100)
    score_max = forms.IntegerField(label="最高分（打分时）", required=False, initial=5, min_value=1, max_value=100)
    items = forms.CharField(
        label="评议对象或表决事项（每行一个）",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "如：陈静\n王磊\n或：《集体合同（草案）》"}),
    )
    voters = forms.ChoiceField(
        label="投票人",
        choices=[
            ("representatives", "全体职工代表"),
            ("unit", "所选单位的全体在职职工（逐人通知）"),
            ("audience", "所选单位的全体在职职工（不逐人通知，职工在“投票”里看到）"),
        ],
    )
    unit = UnitChoice(label="单位（投票人选“所选单位”时）", required=False, queryset=OrgUnit.objects.all())
    opens_at = forms.DateTimeField(label="开始时间", widget=LocalDateTime())
    closes_at = forms.DateTimeField(label="截止时间", widget=LocalDateTime())
    results_public = forms.BooleanField(label="结束后投票人可查看结果", required=False)

    def clean(self):
        data = super().clean()
        data["method"] = data.get("method") or Method.CHOICE
        if data.get("preset") == "custom":
            data["choices"] = data.get("custom_choices", "").splitlines()
        elif data.get("preset"):
            data["choices"] = PRESETS[data["preset"]][1]
        if data.get("method") == Method.APPROVE and not data.get("max_approvals"):
            self.add_error("max_approvals", "请填写每人最多可选几项")
        if data.get("method") == Method.SCORE:
            low, high = data.get("score_min"), data.get("score_max")
            if low is None or high is None or low >= high:
                self.add_error("score_max", "最高分须大于最低分")
            data["score_range"] = (low, high)
        if data.get("voters") in ("unit", "audience") and not data.get("unit"):
            self.add_error("unit", "请选择单位")
        return data
