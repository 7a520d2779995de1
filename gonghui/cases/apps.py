from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gonghui.cases"
    verbose_name = "事项办理"

    def ready(self):
        # Cases are not registered with auditlog's signals: the middleware would record an
        # anonymous requester as the actor. cases.services writes each case's audit rows itself.
        from gonghui.audit.registry import register_manual

        from .models import Case

        register_manual(Case)
