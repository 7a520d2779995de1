from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "gonghui.congress"
    verbose_name = "职工代表大会"

    def ready(self):
        from auditlog.registry import auditlog

        from . import kind, models  # noqa: F401  kind registers proposals with the cases kernel

        for model in (models.Congress, models.Delegation, models.Representative, models.Session, models.Attendance):
            auditlog.register(model)
        auditlog.register(models.Proposal, include_fields=["confidential", "disposition", "disposition_reason"])
        auditlog.register(models.Cosigner, include_fields=["state"])
