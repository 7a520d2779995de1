from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gonghui.core.db import insert_from

from .models import User

# No 0/O, 1/I/L: the password is read off paper or a phone screen and typed by hand.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_initial_password() -> str:
    """Ten random characters (about 50 bits), shown as two groups of five."""
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_initial(password: str) -> str:
    """What the person typed, as the one-time password was stored: without the dash or spaces,
    in capitals (a phone keyboard capitalises as it likes)."""
    return "".join(password.split()).replace("-", "").upper()


@dataclass(frozen=True)
class Issued:
    user: User
    password: str
    expires_at: object


def issue_initial_password(user: User, *, now=None) -> Issued:
    """A one-time password for `user`, to be changed at first login and void after
    INITIAL_PASSWORD_DAYS. Saved (and audited) at once; returned in clear only here."""
    now = now or timezone.now()
    password = new_initial_password()
    user.password = make_password(normalise_initial(password), hasher="pbkdf2_initial")
    user.must_change_password = True
    user.initial_password_expires_at = now + timedelta(days=settings.INITIAL_PASSWORD_DAYS)
    user.save(update_fields=["password", "must_change_password", "initial_password_expires_at"])
    return Issued(user=user, password=password, expires_at=user.initial_password_expires_at)


@transaction.atomic
def user_change_password(*, actor: User, password: str) -> None:
    actor.set_password(password)
    actor.must_change_password = False
    actor.initial_password_expires_at = None
    actor.save(update_fields=["password", "must_change_password", "initial_password_expires_at"])


def accounts_for(employees):
    """A login for each employee, opening the missing ones without a password: the active
    ones, as a query (a whole union's 50,000 are best counted or inserted from, not loaded).

    An account needs a one-time password from the union office (a 开通通知) before anybody
    can log in with it. Someone who must be able to act before that — a voter, say — gets an
    account now, so nobody is left off a ballot.
    """
    from django.db.models import QuerySet

    from gonghui.org.models import Employee

    # Subqueries, not lists: a union's whole roster is 50,000 ids, too many to send as parameters.
    if not isinstance(employees, QuerySet):
        employees = Employee.objects.filter(pk__in=[e.pk for e in employees])
    insert_from(
        User,
        employees.filter(user__isnull=True).exclude(employee_no__in=User.objects.values("username")),
        copy={"username": "employee_no", "employee": "pk"},
        values={"password": make_password(None), "must_change_password": True},
        skip_conflicts=True,
    )
    return User.objects.filter(employee__in=employees.values("pk"), is_active=True).select_related("employee")


@dataclass(frozen=True)
class Notice:
    """One line of a 开通通知: who, where, and the password handed to them."""

    unit: str
    employee_no: str
    name: str
    password: str
    expires_at: object


@transaction.atomic
def account_notices(*, actor, unit) -> list[Notice]:
    """One-time passwords for everybody active in `unit` (and below) who has not yet set their
    own: accounts opened where missing, earlier notices replaced. The passwords exist in clear
    only in what this returns, for the printed or downloaded notice."""
    from django.core.exceptions import PermissionDenied

    from gonghui.org.models import Employee, EmploymentStatus
    from gonghui.org.rules import can

    if not can(actor, "org.issue_accounts", unit):
        raise PermissionDenied("无权为该单位开通账号")
    employees = list(
        Employee.objects.in_subtree(unit)
        .filter(status=EmploymentStatus.ACTIVE)
        .select_related("unit")
        .order_by("unit_path", "employee_no")
    )
    users = {u.employee_id: u for u in accounts_for(employees)}
    now = timezone.now()
    notices = []
    for employee in employees:
        user = users.get(employee.pk)
        if user is None or not user.must_change_password:  # inactive, or already has their own password
            continue
        issued = issue_initial_password(user, now=now)
        notices.append(
            Notice(employee.unit.name, employee.employee_no, employee.name, issued.password, issued.expires_at)
        )
    return notices


@transaction.atomic
def password_reset(*, actor, employee) -> Issued:
    """A forgotten password: a new one-time password, shown once to whoever reset it."""
    from django.core.exceptions import PermissionDenied

    from gonghui.org.rules import can

    if not can(actor, "org.change_employee", employee):
        raise PermissionDenied("无权重置此职工的密码")
    user = accounts_for([employee])
    if not user:
        raise PermissionDenied("该职工的账号已停用")
    return issue_initial_password(user[0])
