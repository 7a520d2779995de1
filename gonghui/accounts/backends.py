from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.utils import timezone

from gonghui.org.models import Employee, EmploymentStatus

from .models import User
from .services import normalise_initial


class EmployeeNumberOrPhoneBackend(ModelBackend):
    """Log in with the employee number or the phone number on the roster.

    Nobody's first password can be worked out from what colleagues see (an ID number's tail
    was, once): an account is opened by the union office, which hands the person a random
    one-time password (the 开通通知) that expires and must be replaced at first login.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = username.strip()
        user = User.objects.filter(username=username, employee__isnull=True).first()
        if user is None:
            employee = (
                Employee.objects.filter(Q(employee_no=username) | Q(phone=username), status=EmploymentStatus.ACTIVE)
                .order_by("pk")
                .first()
            )
            user = User.objects.filter(employee=employee).first() if employee is not None else None
        if user is None or not user.has_usable_password():
            User().set_password(password)  # spend the same time whether or not the account exists
            return None
        if user.initial_password_expires_at is not None:
            password = normalise_initial(password)
        if not user.check_password(password) or not self.user_can_authenticate(user):
            return None
        if user.initial_password_expires_at is not None and user.initial_password_expires_at < timezone.now():
            # Right password, too late: say so, since only its holder can get this far.
            if request is not None:
                request.initial_password_expired = True
            return None
        return user

    def get_all_permissions(self, user_obj, obj=None):
        # Permissions come from roles over the tree (gonghui/*/rules.py), never from Django's
        # per-model permission tables: skip the two queries that would read them on every page.
        return set()

    def get_user(self, user_id):
        # Every page shows the person's name and unit: load them with the user in one query.
        user = User.objects.select_related("employee__unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
