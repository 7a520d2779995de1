from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "gonghui.study"
    verbose_name = "学习与培训"

    def ready(self):
        from auditlog.registry import auditlog

        from . import (  # noqa: F401  kind registers study and training with the events kernel
            figures,  # noqa: F401  headline figures for the board
            kind,
            models,
            search,  # noqa: F401  materials to the search kernel
        )

        auditlog.register(models.Material)
        auditlog.register(models.StudyPlan, m2m_fields={"materials", "sessions"})
