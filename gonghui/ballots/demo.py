"""The demo's records of this app are made by other apps' builders; this wipes them on a reset."""

from gonghui.core.demo import DemoPart, register_demo

from .models import Ballot


def _wipe(union) -> None:
    Ballot.objects.filter(union=union).delete()


register_demo(DemoPart(app="ballots", order=5, wipe=_wipe))
