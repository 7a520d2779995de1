"""The forms of the events pages: what a page asks for and checks before a service acts."""

from django import forms

from gonghui.core.forms import LocalDateTime, StyledFormMixin, UnitChoice
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit, Role

from . import selectors
from .kinds import all_kinds, get_kind
from .models import Audience, Group


class EventForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类型")
    category = forms.CharField(label="类别", required=False, widget=forms.Select)
    title = forms.CharField(label="名称", max_length=200)
    description = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    organiser = UnitChoice(label="组织单位", queryset=OrgUnit.objects.none())
    group = forms.ModelChoiceField(
        label="组织协会（协会负责人组织时选）", required=False, queryset=Group.objects.none()
    )
    place = forms.CharField(label="地点", max_length=200, required=False)
    starts_at = forms.DateTimeField(label="开始时间", widget=LocalDateTime())
    ends_at = forms.DateTimeField(label="结束时间", widget=LocalDateTime())
    audience = forms.ChoiceField(label="参加范围", choices=Audience.choices)
    audience_unit = UnitChoice(label="单位（范围为单位时）", required=False, queryset=OrgUnit.objects.all())
    audience_group = forms.ModelChoiceField(label="协会（范围为协会时）", required=False, queryset=Group.objects.all())
    audience_role = forms.ChoiceField(label="角色（范围为角色时）", required=False, choices=[("", "—"), *Role.choices])
    needs_signup = forms.BooleanField(label="需要报名", required=False, initial=True)
    signup_closes = forms.DateTimeField(label="报名截止（空为活动开始前）", required=False, widget=LocalDateTime())
    capacity = forms.IntegerField(label="名额（空为不限）", required=False, min_value=1)
    hours = forms.DecimalField(label="计入时长（小时）", max_digits=4, decimal_places=1, min_value=0, initial=2)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.key, k.label) for k in all_kinds() if k.standalone]
        self.fields["category"].widget.choices = [("", "—")] + [
            (key, f"{k.label}·{label}") for k in all_kinds() for key, label in k.categories.items()
        ]
        self.fields["organiser"].queryset = selectors.organisable_units(user)
        limit_units(self, OrgUnit.objects.visible_to(user))
        self.fields["audience_group"].queryset = Group.objects.visible_to(user)
        led = Group.objects.filter(memberships__user=user, memberships__is_leader=True)
        self.fields["group"].queryset = led
        if led.exists() and not selectors.organisable_units(user).exists():
            # An association's leader organises under the union's name.
            self.fields["organiser"].queryset = OrgUnit.objects.filter(pk__in=led.values("union_id"))

    def clean(self):
        data = super().clean()
        if data.get("category") and data.get("kind") and data["category"] not in get_kind(data["kind"]).categories:
            self.add_error("category", "该类型没有这个类别")
        return data
