from django import forms

from gonghui.core.forms import MultipleFileField, StyledFormMixin, UnitChoice
from gonghui.core.params import IdsChoiceField
from gonghui.org.models import OrgUnit, UnitKind

from .models import Rating


class ActForm(StyledFormMixin, forms.Form):
    # Labelled although hidden: a form error names its field, and these come from the page.
    transition = forms.CharField(label="办理操作", widget=forms.HiddenInput)
    version = forms.IntegerField(label="页面版本", widget=forms.HiddenInput)
    text = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = UnitChoice(label="主办部门", required=False, queryset=OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT))
    co_units = IdsChoiceField(
        label="协办部门（可多选）", required=False, queryset=OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)
    )
    due_at = forms.DateTimeField(
        label="办理期限", required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    co_due_at = forms.DateTimeField(
        label="协办期限（可空，默认同主办）",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    attachments = MultipleFileField(label="附件", required=False)
    people = forms.CharField(label="指定人员（工号）", required=False, max_length=500)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            # Every action's form on a case page offers the same departments: read them once
            # for the page, not once per field and form. Choices are still checked against
            # the fields' querysets when posted.
            lead = self.fields["lead_unit"]
            lead.choices = lambda: [("", lead.empty_label), *departments()]
            self.fields["co_units"].choices = departments


class RateForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rating = forms.ChoiceField(
        label="您对答复是否满意", choices=Rating.choices, widget=forms.RadioSelect(attrs={"class": "btn-check"})
    )
    reason = forms.CharField(
        label="说明（不满意时必填）", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rule=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rule is not None:  # the kind's own values
            self.fields["rating"].choices = list(rule.values)


class CommentForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="留言或补充", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    attachments = MultipleFileField(label="附件", required=False)
