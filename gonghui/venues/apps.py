from django.apps import AppConfig


class VenuesConfig(AppConfig):
    name = "gonghui.venues"
    verbose_name = "阵地"

    def ready(self):
        from auditlog.registry import auditlog

        from . import kind, models  # noqa: F401  kind registers lectures with the events kernel

        for model in (models.Venue, models.Booking, models.Series):
            auditlog.register(model)
