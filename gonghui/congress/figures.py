"""The congress's headline figures for the board: proposals answered and rated, ballots held."""

from django.db.models import Q

from gonghui.ballots.models import Ballot
from gonghui.cases.figures import case_figures, scoped_cases
from gonghui.figures.registry import register_figure
from gonghui.org.scopes import union_id_of

AREA = "民主管理"
LINK = ("congress:index", "congress.view_report")


def _proposals(**where):
    return scoped_cases("proposal", **where).exclude(state="cosigning")


def _ballots_held(*, start, end, scope_path):
    """Secret ballots (evaluations, votes) of the union that ended in the period."""
    ended = Q(closed_at__gte=start, closed_at__lt=end) | Q(
        closed_at__isnull=True, closes_at__gte=start, closes_at__lt=end
    )
    return Ballot.objects.filter(ended, union_id=union_id_of(scope_path)).count()


register_figure("proposals.count", "职代会提案", lambda **w: _proposals(**w).count(), area=AREA, link=LINK)
register_figure(
    "proposals.answered",
    "提案答复率",
    lambda **w: case_figures(_proposals(**w))["answered_rate"],
    unit="%",
    area=AREA,
    link=LINK,
)
register_figure(
    "proposals.satisfaction",
    "提案满意率",
    lambda **w: case_figures(_proposals(**w))["satisfaction"],
    unit="%",
    area=AREA,
    link=LINK,
)
register_figure(
    "ballots.held",
    "无记名投票与评议",
    _ballots_held,
    unit="次",
    area=AREA,
    link=("ballots:list", "ballots.manage"),
    whole_union=True,
)
