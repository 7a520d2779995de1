from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "gonghui.ballots"
    verbose_name = "无记名投票"

    def ready(self):
        from gonghui.audit.registry import register_manual

        from .models import Ballot

        # Ballots write their own audit rows: a vote's row must not carry its choices.
        register_manual(Ballot)
