from django import forms

from gonghui.accounts.models import User
from gonghui.core.forms import StyledFormMixin

from .kind import CATEGORIES


class AssociationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="协会名称", max_length=50)
    category = forms.ChoiceField(label="项目", choices=[("", "—"), *CATEGORIES.items()], required=False)
    description = forms.CharField(label="简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    leader_no = forms.CharField(label="负责人工号", max_length=20)

    def clean_leader_no(self):
        user = User.objects.filter(username=self.cleaned_data["leader_no"].strip(), is_active=True).first()
        if user is None:
            raise forms.ValidationError("找不到该工号的职工（须已开通账号）")
        self.leader = user
        return user.username
