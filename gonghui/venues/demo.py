"""The demo's venues are made by the events demo; this wipes them on a reset."""

from gonghui.core.demo import DemoPart, register_demo

from .models import Series, Venue


def _wipe(union) -> None:
    Series.objects.filter(venue__union=union).delete()
    Venue.objects.filter(union=union).delete()


register_demo(DemoPart(app="venues", order=65, wipe=_wipe))
