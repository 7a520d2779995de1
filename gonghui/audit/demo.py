"""A demo reset is not a change anybody made: the demo union's audit trail goes with it, and no
other union's. Wiped first, while the records it points at still tell whose they are."""

from auditlog.models import LogEntry

from gonghui.core.demo import DemoPart, register_demo

from .registry import union_entries


def _wipe(union) -> None:
    LogEntry.objects.filter(pk__in=union_entries(union).values("pk")).delete()


register_demo(DemoPart(app="audit", order=1000, wipe=_wipe))
