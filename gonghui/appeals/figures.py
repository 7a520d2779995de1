"""The appeals' headline figures for the board (figures.registry)."""

from gonghui.cases.figures import case_figures, scoped_cases
from gonghui.figures.registry import register_figure

AREA = "维权服务"
LINK = ("appeals:stats", "appeals.view_stats")


def _appeals(**where):
    return scoped_cases("appeal", **where)


register_figure("appeals.received", "诉求受理", lambda **w: _appeals(**w).count(), area=AREA, link=LINK)
register_figure(
    "appeals.on_time",
    "诉求按期答复率",
    lambda **w: case_figures(_appeals(**w))["on_time_rate"],
    unit="%",
    area=AREA,
    link=LINK,
)
register_figure(
    "appeals.satisfaction",
    "诉求满意率",
    lambda **w: case_figures(_appeals(**w))["satisfaction"],
    unit="%",
    area=AREA,
    link=LINK,
)
