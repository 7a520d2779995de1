from django import forms

from gonghui.core.forms import StyledFormMixin

from .models import UnitWebhook


class WebhookForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = UnitWebhook
        fields = ["channel", "url"]
