from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "gonghui.audit"
    verbose_name = "审计日志"

    def ready(self):
        from gonghui.org.models import Employee, MembershipEvent

        from .registry import register_scope

        # People's rows are seen by whoever may see the person (org sits below the audit log).
        register_scope(Employee, Employee.objects.visible_to)
        register_scope(
            MembershipEvent,
            lambda user: MembershipEvent.objects.filter(employee__in=Employee.objects.visible_to(user)),
        )
