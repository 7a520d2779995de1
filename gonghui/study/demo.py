"""The demo's records of this app are made by other apps' builders; this wipes them on a reset."""

from gonghui.core.demo import DemoPart, register_demo

from .models import Material, StudyPlan


def _wipe(union) -> None:
    for model in (
        StudyPlan,
        Material,
    ):
        model.objects.filter(union=union).delete()


register_demo(DemoPart(app="study", order=63, wipe=_wipe))
