"""Seeing what is masked (a full ID number) is a deliberate step that the audit log records."""

from __future__ import annotations

from auditlog.models import LogEntry


def log_access(actor, *, what: str, obj=None) -> None:
    """An ACCESS row in the audit log: who looked at what, from where (the middleware fills in
    the actor and address as for any other row)."""
    target = obj if obj is not None else actor
    LogEntry.objects.log_create(
        target,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes={"access": ["", what]},
        additional_data={"step": what},
    )
