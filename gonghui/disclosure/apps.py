from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "gonghui.disclosure"
    verbose_name = "厂务公开"

    def ready(self):
        from auditlog.registry import auditlog

        from gonghui.audit.registry import register_scope
        from gonghui.cases.models import Case
        from gonghui.cases.selectors import register_todo
        from gonghui.core.periodic import register_periodic

        from . import (  # noqa: F401  kind registers questions with the cases kernel
            figures,  # noqa: F401  headline figures for the board
            kind,
            models,
            search,  # noqa: F401  disclosures and questions to the search kernel
        )
        from .selectors import due_for
        from .services import generate_due

        for model in (models.Category, models.Item, models.Attachment, models.Question):
            auditlog.register(model)
        auditlog.register(models.Disclosure, exclude_fields=["reminded_at", "overdue_reminded_at"])
        register_scope(models.Question, Case.objects.visible_to)  # its primary key is its case's
        register_periodic(
            generate_due, says={"disclosures_due": "生成厂务公开任务 {} 项", "disclosures_overdue": "逾期提醒 {} 项"}
        )
        register_todo(due_for)
