"""Events in search, as their page opens them. The kinds that are a record's roll (a meeting's,
a patrol's attendance) are found as that record, not twice."""

from django.utils import timezone

from gonghui.search.registry import Document, Route, SearchKind, register_searchable

from .kinds import all_kinds
from .models import Event


def _standalone() -> list[str]:
    return [kind.key for kind in all_kinds() if kind.standalone]


def _applies(event: Event) -> bool:
    return event.kind in _standalone()


def _document(event: Event) -> Document:
    starts = timezone.localtime(event.starts_at)
    return Document(
        title=event.title,
        body=f"{event.description}\n{event.place}",
        when=event.starts_at,
        unit=event.organiser,
        subtitle=f"{starts:%Y-%m-%d %H:%M} · {event.organiser.name}" + ("（已取消）" if event.cancelled_at else ""),
    )


register_searchable(
    SearchKind(
        key="event",
        code=11,
        label="活动",
        model=Event,
        document=_document,
        indexed=lambda: Event.objects.filter(kind__in=_standalone()).select_related("organiser"),
        applies=_applies,
        routes=(Route(Event.objects.visible_to, "events:detail"),),
        icon="bi-calendar-event",
    )
)
