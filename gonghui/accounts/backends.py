from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.utils.crypto import constant_time_compare

from gonghui.org.models import Employee, EmploymentStatus

from .models import User


def initial_password(employee: Employee) -> str:
    """Before a person's first login their password is the last six characters of their ID number,
    as the union office announces; the first login must replace it."""
    return employee.id_number[-6:].upper()


class EmployeeNumberOrPhoneBackend(ModelBackend):
    """Log in with the employee number or the phone number on the roster.

    Accounts are opened on first login rather than at import: hashing a password for each of
    tens of thousands of imported rows would take hours, and most will never log in on a desk.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = username.strip()
        user = User.objects.filter(username=username, employee__isnull=True).first()
        if user is not None:  # the system administrator, who is nobody on the roster
            return user if user.check_password(password) and self.user_can_authenticate(user) else None
        employee = (
            Employee.objects.filter(Q(employee_no=username) | Q(phone=username), status=EmploymentStatus.ACTIVE)
            .order_by("pk")
            .first()
        )
        if employee is None:
            User().set_password(password)  # spend the same time whether or not the person exists
            return None
        user = User.objects.filter(employee=employee).first()
        if user is not None and user.has_usable_password():
            return user if user.check_password(password) and self.user_can_authenticate(user) else None
        if user is not None and not user.is_active:
            return None
        if not constant_time_compare(password.upper(), initial_password(employee)):
            return None
        if user is None:
            user = User(username=employee.employee_no, employee=employee)
        user.set_password(password)
        user.must_change_password = True
        user.save()
        return user

    def get_all_permissions(self, user_obj, obj=None):
        # Permissions come from roles over the tree (gonghui/*/rules.py), never from Django's
        # per-model permission tables: skip the two queries that would read them on every page.
        return set()

    def get_user(self, user_id):
        # Every page shows the person's name and unit: load them with the user in one query.
        user = User.objects.select_related("employee__unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
