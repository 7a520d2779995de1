from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    verbose_name = "账号"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(
            models.User,
            include_fields=["username", "is_active", "must_change_password", "initial_password_expires_at", "employee"],
        )
        auditlog.register(models.ApiToken, include_fields=["user", "name", "prefix"])
