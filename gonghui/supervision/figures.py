"""Democratic supervision's headline figures for the board: contracts in force, patrols held."""

from django.db.models import Q
from django.utils import timezone

from gonghui.figures.registry import register_figure
from gonghui.org.scopes import union_id_of

from .models import Contract, ContractState, Patrol

AREA = "民主管理"
LINK = ("supervision:index", "supervision.view_minutes")


def _in_force(*, start, end, scope_path):
    """Collective contracts of the union in force at the end of the period (or today)."""
    day = timezone.localdate(min(end, timezone.now()))
    return Contract.objects.filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=day),
        union_id=union_id_of(scope_path),
        state=ContractState.FILED,
        effective_from__lte=day,
    ).count()


def _patrols(*, start, end, scope_path):
    """Representatives' patrols of the union held in the period."""
    return Patrol.objects.filter(
        union_id=union_id_of(scope_path),
        held_on__gte=timezone.localdate(start),
        held_on__lt=timezone.localdate(end),
    ).count()


register_figure("contracts.in_force", "生效的集体合同", _in_force, unit="份", area=AREA, link=LINK, whole_union=True)
register_figure("patrols.held", "职工代表巡察", _patrols, unit="次", area=AREA, link=LINK, whole_union=True)
