from django.apps import AppConfig

# The keys cases.services._audit writes, as the audit log shows them.
AUDIT_LABELS = {
    "number": "编号",
    "category": "类别",
    "state": "状态",
    "lead_unit": "主办单位",
    "due_at": "办理期限",
    "answer": "答复",
    "rating": "评价",
    "comment": "留言",
    "attachments": "附件数",
    "co_reply": "协办意见",
}


def _audit_value(entry, name: str, text: str) -> str | None:
    from .kinds import get_kind
    from .models import Rating

    kind = (entry.additional_data or {}).get("kind")
    try:
        spec = get_kind(kind) if kind else None
    except KeyError:
        spec = None
    if name == "state" and spec is not None:
        return spec.states.get(text, text)
    if name == "category" and spec is not None:
        return spec.categories.get(text, text)
    if name == "rating":
        return dict(Rating.choices).get(text, text)
    return None


class CasesConfig(AppConfig):
    name = "gonghui.cases"
    verbose_name = "事项办理"

    def ready(self):
        # Cases are not registered with auditlog's signals: the middleware would record an
        # anonymous requester as the actor. cases.services writes each case's audit rows itself.
        from gonghui.audit.registry import register_manual, register_scope
        from gonghui.core.periodic import register_periodic

        from .models import Case
        from .sweep import sweep_overdue

        register_manual(Case, labels=AUDIT_LABELS, value=_audit_value)
        register_scope(Case, Case.objects.visible_to)
        register_periodic(sweep_overdue, says={"reminded": "超期提醒 {} 件", "escalated": "升级 {} 件"})
