from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "gonghui.events"
    verbose_name = "活动"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Event, exclude_fields=["checkin_token"])
        auditlog.register(models.Registration)
        auditlog.register(models.Group)
        auditlog.register(models.GroupMember)
        auditlog.register(models.Photo)
