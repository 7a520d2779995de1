from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    verbose_name = "文体活动与协会"

    def ready(self):
        from auditlog.registry import auditlog

        from . import (  # noqa: F401  kind registers activities with the events kernel
            figures,  # noqa: F401  headline figures for the board
            kind,
            models,
        )

        auditlog.register(models.Association)
