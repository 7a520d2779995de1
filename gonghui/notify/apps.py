from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "gonghui.notify"
    verbose_name = "通知"

    def ready(self):
        from auditlog.registry import auditlog

        from gonghui.core.periodic import register_periodic

        from . import models
        from .services import retry_job

        auditlog.register(models.UnitWebhook, exclude_fields=["url"])
        register_periodic(retry_job, says={"deliveries_retried": "重试推送 {} 条"})
