from django.urls import reverse
from django.utils import timezone

from .models import Disclosure, State
from .services import managed_paths, within_units


def due_for(user) -> list[dict]:
    """Disclosures the user's units owe, for the to-do page."""
    paths = managed_paths(user)
    if paths == []:
        return []
    today = timezone.localdate()
    due = within_units(Disclosure.objects.filter(state=State.DUE), paths).select_related("unit", "item__category")
    # The union office sees its own company-level items here; departments' ones on the board.
    if paths is None:
        due = due.filter(unit__depth=1) | due.filter(due_on__lt=today)
    return [
        {
            "href": reverse("disclosure:publish", args=[d.pk]),
            "number": "厂务公开",
            "title": d.title,
            "category": d.item.category.name,
            "state": "待公开",
            "unit": d.unit.name,
            "due": f"{d.due_on:%m-%d}",
            "overdue": d.is_overdue(today),
        }
        for d in due.order_by("due_on")[:20]
    ]
