"""Factory-affairs disclosure's headline figures for the board: on time, and questions answered."""

from django.db.models import Count, F, Q
from django.utils import timezone

from gonghui.cases.figures import case_figures
from gonghui.cases.models import Case
from gonghui.core.numbers import percent
from gonghui.figures.registry import register_figure
from gonghui.org.models import under

from .models import Disclosure, State

AREA = "民主管理"
LINK = ("disclosure:stats", "disclosure.manage")


def _on_time_rate(*, start, end, scope_path):
    """Of the periodic disclosures due in the period (and already due), the share published by their date."""
    due_by = min(end, timezone.now())
    row = (
        Disclosure.objects.filter(
            under("unit__path", scope_path),
            periodic=True,
            due_on__gte=timezone.localdate(start),
            due_on__lt=timezone.localdate(due_by),
        )
        .exclude(state=State.WITHDRAWN)
        .aggregate(
            total=Count("id"),
            on_time=Count("id", filter=Q(state=State.PUBLISHED, published_at__date__lte=F("due_on"))),
        )
    )
    return percent(row["on_time"], row["total"])


def _questions(*, start, end, scope_path):
    return Case.objects.filter(
        under("lead_unit__path", scope_path), kind="disclosure_question", created_at__gte=start, created_at__lt=end
    )


register_figure("disclosure.on_time", "厂务公开按时率", _on_time_rate, unit="%", area=AREA, link=LINK)
register_figure(
    "disclosure.questions_on_time",
    "公开询问按期答复率",
    lambda **w: case_figures(_questions(**w))["on_time_rate"],
    unit="%",
    area=AREA,
    link=LINK,
)
