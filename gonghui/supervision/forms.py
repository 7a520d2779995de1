"""The forms of the supervision pages: what a page asks for and checks before a service acts."""

from django import forms
from django.db.models import Q

from gonghui.accounts.models import User
from gonghui.core.forms import StyledFormMixin, UnitChoice
from gonghui.core.params import IdsChoiceField
from gonghui.org.models import OrgUnit, UnitKind

from . import services
from .meetings import minutes_people, representatives
from .models import (
    Contract,
    JointMeeting,
    Patrol,
)


class ContractForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Contract
        fields = ["title", "kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}


class RoundForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="协商日期", widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label="地点", max_length=100, required=False)
    participants = forms.CharField(
        label="参加人员",
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "职工方：……\n企业方：……"}),
    )
    minutes = forms.CharField(label="协商纪要", widget=forms.Textarea(attrs={"rows": 8}))


class VoteForm(StyledFormMixin, forms.Form):
    eligible = forms.IntegerField(label="应到代表人数", min_value=1)
    votes_for = forms.IntegerField(label="同意", min_value=0)
    votes_against = forms.IntegerField(label="不同意", min_value=0)
    votes_abstain = forms.IntegerField(label="弃权", min_value=0)
    voted_on = forms.DateField(label="表决日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class FileForm(StyledFormMixin, forms.Form):
    signed_on = forms.DateField(label="签订日期", widget=forms.DateInput(attrs={"type": "date"}))
    filed_on = forms.DateField(label="备案日期", widget=forms.DateInput(attrs={"type": "date"}))
    authority = forms.CharField(label="备案机关", max_length=100, initial="市人力资源和社会保障局")
    effective_from = forms.DateField(label="生效日期", widget=forms.DateInput(attrs={"type": "date"}))
    expires_on = forms.DateField(label="到期日期", widget=forms.DateInput(attrs={"type": "date"}))


class InspectionForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    held_on = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))
    inspectors = forms.CharField(label="检查组成员", widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label="检查结论", widget=forms.Textarea(attrs={"rows": 6}))


class FindingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="事项", max_length=200)
    body = forms.CharField(label="具体内容和要求", widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoice(
        label="交办部门（可稍后交办）", required=False, queryset=OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)
    )
    due_on = forms.DateField(
        label="完成期限（默认 30 天）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class _AttendedForm(StyledFormMixin, forms.ModelForm):
    """A meeting or a patrol, with who of the union's people went: its kind's roll to tick."""

    participants = IdsChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        # The roll, and whoever went though no longer on it (a representative since left office).
        went = services.participants_of(self.instance).values("pk")
        roll = self.roll(self.instance.union_id).values("pk")
        field.queryset = (
            User.objects.filter(Q(pk__in=roll) | Q(pk__in=went))
            .select_related("employee__unit")
            .order_by("employee__unit__path", "pk")
        )
        field.required = False
        field.help_text = "当天起可登记出席"
        field.label_from_instance = lambda u: (
            f"{u.display_name}（{u.employee.unit.name}）" if u.employee else u.username
        )
        if self.instance.pk:
            field.initial = list(services.participants_of(self.instance).values_list("pk", flat=True))


class MeetingForm(_AttendedForm):
    roll = staticmethod(minutes_people)

    class Meta:
        model = JointMeeting
        fields = ["title", "held_on", "place", "attendees", "minutes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].label = "工会方出席（签到，计入出席记录）"
        self.order_fields(["title", "held_on", "place", "attendees", "participants", "minutes"])


class PatrolForm(_AttendedForm):
    roll = staticmethod(representatives)

    class Meta:
        model = Patrol
        fields = ["topic", "held_on", "places", "summary"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].label = "参加代表"
        self.order_fields(["topic", "held_on", "places", "participants", "summary"])
