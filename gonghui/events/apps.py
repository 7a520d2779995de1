from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class EventsConfig(AppConfig):
    name = "gonghui.events"
    verbose_name = "活动"

    def ready(self):
        from auditlog.registry import auditlog

        from . import (
            models,
            search,  # noqa: F401  events to the search kernel
        )

        auditlog.register(models.Event, exclude_fields=["checkin_token"])
        # Sign-up data (an emergency contact) is the person's: the log says it changed, not what it says.
        auditlog.register(models.Registration, mask_fields=["data"])
        auditlog.register(models.Group)
        auditlog.register(models.GroupMember)
        auditlog.register(models.Photo)
        # Quota and Team are not registered: every audited model adds a condition to each row
        # of the audit log's page. A team's entry is in its members' registration rows (team);
        # quota_set writes its change as a row of the event's.
        # A member joining or leaving a group changes which events they see.
        for model in (models.Event, models.Registration, models.GroupMember):
            post_save.connect(_rows_changed, sender=model, dispatch_uid=f"event-rows-{model.__name__}")
            post_delete.connect(_rows_changed, sender=model, dispatch_uid=f"event-rows-deleted-{model.__name__}")


def _rows_changed(**kwargs):
    from gonghui.core.cache import changed

    changed("event_rows")  # kept event-list rows: who sees them, places taken, one's own state
