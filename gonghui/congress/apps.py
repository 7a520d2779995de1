from django.apps import AppConfig


class CongressConfig(AppConfig):
    name = "gonghui.congress"
    verbose_name = "职工代表大会"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models import Exists, OuterRef

        from gonghui.audit.registry import register_scope
        from gonghui.cases.models import Case

        from . import (  # noqa: F401  proposals to the cases kernel, ballots to theirs
            figures,  # noqa: F401  headline figures for the board
            kind,
            meetings,  # noqa: F401  sessions' attendance to the events kernel
            models,
            purposes,
            search,  # noqa: F401  proposals to the search kernel
        )

        for model in (models.Congress, models.Delegation, models.Representative, models.Session):
            auditlog.register(model)
        auditlog.register(models.Proposal, include_fields=["confidential", "disposition", "disposition_reason"])
        auditlog.register(models.Cosigner, include_fields=["state"])
        # A proposal's rows, and its co-signers', are seen by whoever may see its case.
        register_scope(models.Proposal, Case.objects.visible_to)
        register_scope(
            models.Cosigner,
            lambda user: models.Cosigner.objects.filter(
                Exists(Case.objects.visible_to(user).filter(pk=OuterRef("proposal_id")))
            ),
        )
