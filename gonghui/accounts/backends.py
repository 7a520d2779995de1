from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User


class EmployeeNumberOrPhoneBackend(ModelBackend):
    """Log in with the employee number or the phone number on the roster."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = username.strip()
        user = (
            User.objects.filter(Q(username=username) | Q(employee__phone=username))
            .select_related("employee")
            .order_by("pk")
            .first()
        )
        if user is None:
            User().set_password(password)  # same time whether or not the account exists
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
