from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _shell(request):
    from gonghui.notify.services import unread_count
    from gonghui.org.models import Role
    from gonghui.org.scopes import acting_union_id, grants, union_name

    from .navigation import menu_for

    user = request.user
    role_labels = dict(Role.choices)
    user_grants = grants(user)
    menu = menu_for(user)
    return {
        "menu": menu,
        "nav": _nav_html(menu),
        "role_names": [f"{role_labels[g.role]}（{g.unit_name}）" for g in user_grants],
        "unit_name": user.employee.unit.name if getattr(user, "employee_id", None) else "",
        # The union the person works in, so an office of two unions knows which one a new
        # record will belong to.
        "union_name": union_name(acting_union_id(user)),
        "path": request.path,
        "unread": unread_count(user),
    }


# The sidebar is the same for everybody who may use the same entries: drawn once per process
# for each such set (app.js marks the current page's link), not on every page.
_NAV: dict[tuple, str] = {}


def _nav_html(menu) -> str:
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    key = tuple((title, tuple(e.label for e in entries)) for title, entries in menu)
    if key not in _NAV:
        _NAV[key] = mark_safe(render_to_string("web/_nav.html", {"menu": menu}))  # noqa: S308  our own template
    return _NAV[key]


def shell(request):
    """Menu and identity for the page chrome, computed only when a template asks for them."""
    context = {"SITE_NAME": settings.SITE_NAME}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["shell"] = SimpleLazyObject(lambda: _shell(request))
    return context
