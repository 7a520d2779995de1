from django import forms

from gonghui.core.forms import StyledFormMixin, UnitChoice
from gonghui.core.params import IdsChoiceField
from gonghui.org.models import OrgUnit

from .models import Material, StudyPlan


class PlanForm(StyledFormMixin, forms.ModelForm):
    unit = UnitChoice(label="组织单位", queryset=OrgUnit.objects.filter(depth__lte=2))

    class Meta:
        model = StudyPlan
        fields = ["title", "year", "month", "unit", "content", "materials"]
        field_classes = {"materials": IdsChoiceField}
        widgets = {"content": forms.Textarea(attrs={"rows": 5}), "materials": forms.CheckboxSelectMultiple}


class MaterialForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Material
        fields = ["title", "author", "kind", "note", "link"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
