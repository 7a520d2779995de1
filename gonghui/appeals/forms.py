from django import forms

from gonghui.core.forms import MultipleFileField, StyledFormMixin
from gonghui.search.forms import suggest_similar

from .kind import CATEGORIES


class AppealForm(StyledFormMixin, forms.Form):
    category = forms.ChoiceField(label="类别", choices=[("", "请选择")] + list(CATEGORIES.items()))
    title = forms.CharField(
        label="标题", max_length=100, widget=forms.TextInput(attrs={"placeholder": "一句话说明您的诉求或问题"})
    )
    body = forms.CharField(
        label="详细情况",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "时间、地点、经过，以及您希望得到的帮助"}),
    )
    attachments = MultipleFileField(label="照片或文件（可多选，每个不超过 10 MB）", required=False)
    anonymous = forms.BooleanField(label="匿名提交（承办人看不到您的姓名和工号）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An answer may already be there: one's own earlier appeal, or a policy article.
        suggest_similar(self.fields["title"], "appeal", "news")
