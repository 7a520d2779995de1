from django import forms

from gonghui.core.forms import LocalDateTime, StyledFormMixin, UnitChoice
from gonghui.org.models import OrgUnit

from .models import Series, Venue


class BookingForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="用途", max_length=200)
    starts_at = forms.DateTimeField(label="开始", widget=LocalDateTime())
    ends_at = forms.DateTimeField(label="结束", widget=LocalDateTime())
    lecture = forms.BooleanField(label="同时发布为讲座（全体会员可报名，计入学时）", required=False)
    series = forms.ModelChoiceField(
        label="讲座系列（可空）", required=False, queryset=Series.objects.none(), empty_label="不属于系列"
    )
    capacity = forms.IntegerField(label="讲座名额（可空）", required=False, min_value=1)


class VenueForm(StyledFormMixin, forms.ModelForm):
    unit = UnitChoice(label="管理单位", queryset=OrgUnit.objects.all())

    class Meta:
        model = Venue
        fields = ["name", "kind", "unit", "place", "capacity", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
