"""A case kind made searchable: its number, title, body and answer (never who raised it: an
anonymous requester's name must not be findable), under its lead unit, opened by whoever the kind lets
open the case."""

from __future__ import annotations

from django.utils import timezone

from gonghui.search.registry import Document, Route, SearchKind, register_searchable

from .models import Case


def case_document(case: Case, *extra: str) -> Document:
    # The answer too: "what did we already do about the canteen" is found in what was answered.
    return Document(
        title=case.title,
        body="\n".join([case.body, *extra, case.answer]),
        when=case.created_at,
        unit=case.lead_unit,
        terms=(case.number,),
        subtitle=f"{case.number} · {timezone.localdate(case.created_at):%Y-%m-%d}",
    )


def searchable_cases(
    key: str, label: str, *, code: int, document=case_document, routes=(), watch=None, related=(), icon=""
):
    return register_searchable(
        SearchKind(
            key=key,
            label=label,
            code=code,
            model=Case,
            document=document,
            indexed=lambda: Case.objects.filter(kind=key).select_related("lead_unit", *related),
            applies=lambda case: case.kind == key,
            routes=(Route(lambda user: Case.objects.visible_to(user, kind=key), "cases:detail"), *routes),
            watch=watch or {},
            icon=icon or "bi-chat-left-text",
        )
    )
