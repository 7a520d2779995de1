from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_migrate, post_save


class OrgConfig(AppConfig):
    name = "gonghui.org"
    verbose_name = "组织与人员"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models, scopes

        auditlog.register(models.OrgUnit, exclude_fields=["path", "depth", "numchild"])
        # unit_path copies unit, updated_at changes with every save: neither says anything.
        auditlog.register(models.Employee, exclude_fields=["unit_path", "updated_at"])
        auditlog.register(models.MembershipEvent)
        auditlog.register(models.RoleAssignment)
        post_migrate.connect(_analyze, sender=self)
        for model in (models.Employee, models.OrgUnit):
            post_save.connect(_people_changed, sender=model, dispatch_uid=f"people-changed-{model.__name__}")
            post_delete.connect(_people_changed, sender=model, dispatch_uid=f"people-deleted-{model.__name__}")
        post_save.connect(_roles_changed, sender=models.RoleAssignment, dispatch_uid="roles-changed")
        request_started.connect(scopes.tree_request_began, dispatch_uid="tree-request-began")
        request_finished.connect(scopes.tree_request_ended, dispatch_uid="tree-request-ended")
        post_delete.connect(_roles_changed, sender=models.RoleAssignment, dispatch_uid="roles-deleted")


def _people_changed(sender, **kwargs):
    from gonghui.core.cache import changed

    from .models import OrgUnit

    changed("people")
    if sender is OrgUnit:
        from .scopes import forget_tree

        changed("units")  # the kept tree (org.scopes.unit_kinds, union_paths) is read afresh
        forget_tree()


def _roles_changed(**kwargs):
    from gonghui.core.cache import changed

    changed("roles")  # the kept grants (org.scopes) are read afresh


def _analyze(**kwargs):
    from gonghui.core.db import refresh_planner_statistics

    refresh_planner_statistics()
