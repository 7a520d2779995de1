"""Models that write their audit rows themselves instead of through auditlog's signals,
so the audit log page can still offer them as a type to filter by."""

_MANUAL: set = set()


def register_manual(model) -> None:
    _MANUAL.add(model)


def audited_models() -> list:
    from auditlog.registry import auditlog

    return [*auditlog.get_models(), *_MANUAL]
