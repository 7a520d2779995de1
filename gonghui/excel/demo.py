"""Import jobs of a demo union's people are wiped with it on a reset."""

from gonghui.core.demo import DemoPart, register_demo

from .models import ImportJob


def _wipe(union) -> None:
    ImportJob.objects.filter(union=union).delete()


register_demo(DemoPart(app="excel", order=1, wipe=_wipe))
