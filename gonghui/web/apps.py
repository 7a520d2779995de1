from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "gonghui.web"

    def ready(self):
        from django.db.models import fields

        # Django 6.1's empty choice, "- Select an option -", has no Chinese yet. This app comes
        # first in INSTALLED_APPS, so the label is set before any form is defined.
        fields.BLANK_CHOICE_LABEL = "请选择"
