"""The demo's records of this app are made by other apps' builders; this wipes them on a reset."""

from gonghui.core.demo import DemoPart, register_demo

from .models import Article


def _wipe(union) -> None:
    Article.objects.filter(union=union).delete()


register_demo(DemoPart(app="news", order=25, wipe=_wipe))
