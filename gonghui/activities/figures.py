"""Activities' headline figures for the board: events held, people reached, attendances."""

from gonghui.events.models import Event
from gonghui.events.selectors import attended_in, overall
from gonghui.figures.registry import register_figure
from gonghui.org.models import under

AREA = "服务职工"
LINK = ("events:coverage", "events.view_coverage")


def _held(*, start, end, scope_path):
    return Event.objects.filter(
        under("organiser__path", scope_path),
        kind="activity",
        cancelled_at__isnull=True,
        starts_at__gte=start,
        starts_at__lt=end,
    ).count()


def _attendances(*, start, end, scope_path):
    return attended_in(start, end).filter(under("user__employee__unit_path", scope_path)).count()


register_figure("activities.held", "文体活动场次", _held, unit="场", area=AREA, link=("events:list", "events.manage"))
register_figure(
    "activities.coverage",
    "活动覆盖率",
    lambda *, start, end, scope_path: overall(start=start, end=end, within=scope_path)["share"],
    unit="%",
    area=AREA,
    link=LINK,
)
register_figure("activities.attendances", "参加活动人次", _attendances, unit="人次", area=AREA, link=LINK)
