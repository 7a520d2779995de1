from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _shell(request):
    from gonghui.notify.models import Notification
    from gonghui.org.models import Role
    from gonghui.org.scopes import grants

    from .navigation import menu_for

    user = request.user
    role_labels = dict(Role.choices)
    user_grants = grants(user)
    return {
        "menu": menu_for(user),
        "role_names": [f"{role_labels[g.role]}（{g.unit_name}）" for g in user_grants],
        "unit_name": user.employee.unit.name if getattr(user, "employee_id", None) else "",
        "path": request.path,
        "unread": Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    }


def shell(request):
    """Menu and identity for the page chrome, computed only when a template asks for them."""
    context = {"SITE_NAME": settings.SITE_NAME}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["shell"] = SimpleLazyObject(lambda: _shell(request))
    return context
