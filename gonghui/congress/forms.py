"""The forms of the congress pages: what a page asks for and checks before a service acts."""

from django import forms

from gonghui.accounts.models import User
from gonghui.core.forms import MultipleFileField, StyledFormMixin, UnitChoice
from gonghui.core.params import IdsChoiceField
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit, UnitKind
from gonghui.search.forms import suggest_similar

from .kind import CATEGORIES
from .models import (
    Congress,
    Delegation,
    Representative,
    RepresentativeKind,
    Session,
)
from .selectors import representatives_of


class RepresentativeChoice(IdsChoiceField):
    def label_from_instance(self, obj):
        employee = obj.user.employee
        return f"{employee.name}（{employee.unit.name}）" if employee else obj.user.display_name


class ProposalForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label="类别", choices=[("", "请选择")] + list(CATEGORIES.items()))
    title = forms.CharField(
        label="提案标题", max_length=100, widget=forms.TextInput(attrs={"placeholder": "关于……的提案"})
    )
    reasons = forms.CharField(label="案由（问题和原因）", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    measures = forms.CharField(label="建议措施", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    suggested_unit = UnitChoice(
        label="建议承办部门", required=False, queryset=OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)
    )
    cosigners = RepresentativeChoice(
        label="附议人（本届职工代表，可多选）",
        queryset=Representative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confidential = forms.BooleanField(label="涉密或涉及个人隐私，不在提案公开栏公布", required=False)
    attachments = MultipleFileField(label="附件（可空）", required=False)

    def __init__(self, *args, session: Session, proposer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cosigners"].queryset = representatives_of(session.congress_id).exclude(user=proposer)
        suggest_similar(self.fields["title"], "proposal")
        limit_units(self, OrgUnit.objects.subtree(session.congress.union))
        self.fields["cosigners"].help_text = f"至少 {session.min_cosigners} 名代表附议后，提案才提交提案工作委员会审查"


class SessionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["number", "title", "held_on", "place", "proposals_open", "proposals_close", "min_cosigners"]
        widgets = {
            f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
            for f in ("held_on", "proposals_open", "proposals_close")
        }

    def clean(self):
        data = super().clean()
        if (
            data.get("proposals_open")
            and data.get("proposals_close")
            and data["proposals_close"] < data["proposals_open"]
        ):
            raise forms.ValidationError("提案征集截止日期不能早于开始日期")
        return data


class RepresentativeForm(StyledFormMixin, forms.Form):
    employee_no = forms.CharField(label="工号", max_length=20)
    delegation = forms.ModelChoiceField(label="代表团", queryset=Delegation.objects.none())
    kind = forms.ChoiceField(label="代表构成", choices=RepresentativeKind.choices)
    elected_on = forms.DateField(label="当选日期", widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = congress.delegations.all()

    def clean_employee_no(self):
        number = self.cleaned_data["employee_no"].strip()
        user = User.objects.filter(employee__employee_no=number, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"找不到在职、已开通账号的职工 {number}")
        self.user = user
        return number


class DutyReportForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    text = forms.CharField(
        label="述职内容",
        widget=forms.Textarea(
            attrs={
                "rows": 10,
                "placeholder": "参加职代会和代表活动、提出和附议提案、联系和反映职工意见、参与巡察检查等情况",
            }
        ),
    )


class CongressForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Congress
        fields = ["number", "title", "term_start", "term_end"]
        widgets = {f: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for f in ("term_start", "term_end")}

    def clean(self):
        data = super().clean()
        if data.get("term_start") and data.get("term_end") and data["term_end"] <= data["term_start"]:
            raise forms.ValidationError("任期结束须晚于任期开始")
        return data


class DelegationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label="代表团名称", max_length=50, widget=forms.TextInput(attrs={"placeholder": "如：运行代表团"})
    )
    unit = UnitChoice(
        label="选区（分工会）", queryset=OrgUnit.objects.filter(kind__in=[UnitKind.BRANCH, UnitKind.DEPARTMENT])
    )
