from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "gonghui.ballots"
    verbose_name = "无记名投票"

    def ready(self):
        from gonghui.audit.registry import register_manual
        from gonghui.core.periodic import register_periodic

        from .models import Ballot
        from .services import count_expired

        # Ballots write their own audit rows: a vote's row must not carry its choices.
        register_manual(Ballot)
        register_periodic(count_expired, says={"ballots_counted": "到期投票计票 {} 项"})
