"""Disclosures (厂务公开) and the questions asked about them, in search: a disclosure opened by
the people of its audience while it is published and by those who publish for its unit, as
its page is; a question as its case."""

from django.db.models import Q
from django.utils import timezone

from gonghui.cases.search import searchable_cases
from gonghui.search.registry import Document, Route, SearchKind, register_searchable

from .models import Disclosure
from .services import managed_paths, within_units


def _opens(user):
    if not getattr(user, "is_authenticated", False):
        return Disclosure.objects.none()
    published = Q(pk__in=Disclosure.objects.seen_by(user).values("pk"))
    paths = managed_paths(user)
    if paths is None:
        return Disclosure.objects.all()
    managed = within_units(Disclosure.objects.all(), paths).values("pk") if paths else []
    return Disclosure.objects.filter(published | Q(pk__in=managed))


def _document(disclosure: Disclosure) -> Document:
    table = " ".join(str(cell) for row in disclosure.table or [] for cell in (row if isinstance(row, list) else [row]))
    when = disclosure.published_at or disclosure.due_on
    return Document(
        title=disclosure.title,
        body=f"{disclosure.body}\n{table}",
        when=when,
        unit=disclosure.unit,
        terms=(disclosure.period,),
        subtitle=f"{disclosure.unit.name} · {disclosure.period}"
        + (f" · {timezone.localdate(disclosure.published_at):%Y-%m-%d} 公开" if disclosure.published_at else ""),
    )


register_searchable(
    SearchKind(
        key="disclosure",
        code=9,
        label="厂务公开",
        model=Disclosure,
        document=_document,
        indexed=lambda: Disclosure.objects.select_related("unit"),
        routes=(Route(_opens, "disclosure:detail"),),
        icon="bi-megaphone",
    )
)
searchable_cases("disclosure_question", "公开询问", code=10, icon="bi-question-circle")
