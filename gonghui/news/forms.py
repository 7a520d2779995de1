from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import Article


class ArticleForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "category", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}
