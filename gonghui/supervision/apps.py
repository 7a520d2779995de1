from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "gonghui.supervision"
    verbose_name = "民主监督"

    def ready(self):
        from auditlog.registry import auditlog

        from gonghui.audit.registry import register_scope
        from gonghui.cases.models import Case
        from gonghui.core.periodic import register_periodic

        from . import (  # noqa: F401  follow-ups to the cases kernel, votes to the ballots one
            figures,  # noqa: F401  headline figures for the board
            kind,
            meetings,  # noqa: F401  meetings' and patrols' attendance to the events kernel
            models,
            purposes,
            search,  # noqa: F401  contracts, meetings, patrols, follow-ups to the search kernel
        )
        from .services import remind_expiring

        for model in (
            models.Contract,
            models.NegotiationRound,
            models.Inspection,
            models.JointMeeting,
            models.Patrol,
            models.Finding,
        ):
            auditlog.register(model)
        register_scope(models.Finding, Case.objects.visible_to)  # its primary key is its case's
        register_periodic(remind_expiring, says={"contracts_reminded": "合同到期提醒 {} 份"})
