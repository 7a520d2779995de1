from django.db import transaction

from .models import User


@transaction.atomic
def user_change_password(*, actor: User, password: str) -> None:
    actor.set_password(password)
    actor.must_change_password = False
    actor.save(update_fields=["password", "must_change_password"])


@transaction.atomic
def user_reset_password(*, actor: User, user: User, password: str) -> None:
    """The union office resets a forgotten password; the person must change it at next login."""
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])


def accounts_for(employees) -> list[User]:
    """A login for each employee, opening the missing ones without a password.

    Accounts normally open at first login (see backends.py). Someone who must be able to act
    before that — a voter, say — gets an account now; its first login still goes through the
    initial password and the forced change, since it has no usable password.
    """
    from django.contrib.auth.hashers import make_password

    employees = list(employees)
    have = {u.employee_id: u for u in User.objects.filter(employee__in=employees)}
    unusable = make_password(None)
    fresh = [
        User(username=e.employee_no, employee=e, password=unusable, must_change_password=True)
        for e in employees
        if e.pk not in have
    ]
    User.objects.bulk_create(fresh, ignore_conflicts=True)
    return list(User.objects.filter(employee__in=employees, is_active=True))
