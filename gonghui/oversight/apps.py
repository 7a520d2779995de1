from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "gonghui.oversight"
    verbose_name = "民主监督"
