"""The events kernel's part of a demo reset: every event and member group of the union,
after the areas that hang records on them (congress sessions, patrols, associations,
venues) have wiped theirs."""

from gonghui.core.demo import DemoPart, register_demo

from .models import Event, Group


def _wipe(union) -> None:
    Event.objects.filter(union=union).delete()
    Group.objects.filter(union=union).delete()


register_demo(DemoPart(app="events", order=10, wipe=_wipe))
