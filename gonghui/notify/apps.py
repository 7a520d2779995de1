from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "gonghui.notify"
    verbose_name = "通知"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.UnitWebhook, exclude_fields=["url"])
