from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gonghui.appeals"
    verbose_name = "诉求与法律咨询"

    def ready(self):
        from . import (
            figures,  # noqa: F401  headline figures for the board
            kind,  # noqa: F401  registers the appeal kind with the cases kernel
            search,  # noqa: F401  appeals to the search kernel
        )
