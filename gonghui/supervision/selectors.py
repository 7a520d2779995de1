from gonghui.cases.models import Case
from gonghui.org.scopes import role_union_ids

from .models import MINUTES_ROLES


def open_followups(user):
    """Open follow-ups of the meetings and patrols whose minutes the user reads: their union's."""
    return Case.objects.filter(kind="followup", closed_at__isnull=True, union__in=role_union_ids(user, MINUTES_ROLES))
