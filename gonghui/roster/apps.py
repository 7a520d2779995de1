from django.apps import AppConfig


class RosterConfig(AppConfig):
    """The roster in Excel: import with checks and a dry run, export, the template, and the
    first-password notices. Built on the people kernel (org) and the Excel kernel."""

    name = "gonghui.roster"
    verbose_name = "花名册"

    def ready(self):
        from . import search  # noqa: F401  people to the search kernel
