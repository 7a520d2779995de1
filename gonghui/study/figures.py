"""Study and training's headline figures for the board: hours and people trained."""

from django.db.models import Sum

from gonghui.events.selectors import attended_in
from gonghui.figures.registry import register_figure
from gonghui.org.models import under

AREA = "政治引领"


def _attended(kinds, *, start, end, scope_path):
    return attended_in(start, end, kinds).filter(under("user__employee__unit_path", scope_path))


def _hours(kinds):
    def hours(**where):
        return float(_attended(kinds, **where).aggregate(h=Sum("hours"))["h"] or 0)

    return hours


register_figure(
    "study.hours", "政治学习时长", _hours(["study"]), unit="小时", area=AREA, link=("study:index", "events.manage")
)
register_figure(
    "training.people",
    "干部培训人次",
    lambda **w: _attended(["cadre_training"], **w).count(),
    unit="人次",
    area="自身建设",
    link=("study:index", "events.manage"),
)
register_figure(
    "training.hours",
    "干部培训学时",
    _hours(["cadre_training"]),
    unit="小时",
    area="自身建设",
    link=("study:index", "events.manage"),
)
