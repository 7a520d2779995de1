"""Guessing passwords is stopped per account and per address.

An account is the person, whichever name they log in with (employee number or phone): it
locks after ACCOUNT_FAILURE_LIMIT failures within the cool-off, from any number of addresses.
An address locks after ADDRESS_FAILURE_LIMIT failures across all accounts (someone trying one
password on everybody). The address limit is higher: a workshop shares one NAT address, and
one person's typos must not lock out the shift.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from gonghui.org.models import Employee

from .models import LoginThrottle, User


def account_key(username: str) -> str:
    """The same key for a person's employee number and phone; the typed name for nobody known."""
    username = (username or "").strip()[:60]
    admin = User.objects.filter(username=username, employee__isnull=True).values_list("pk", flat=True).first()
    if admin is not None:
        return f"user:{admin}"
    employee = (
        Employee.objects.filter(Q(employee_no=username) | Q(phone=username))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"employee:{employee}" if employee is not None else f"name:{username.upper()}"


def _keys(request, username: str) -> list[tuple[str, int]]:
    from gonghui.core.params import client_ip

    keys = [(f"account:{account_key(username)}", settings.LOGIN_ACCOUNT_FAILURE_LIMIT)]
    if address := client_ip(request):
        keys.append((f"address:{address}", settings.LOGIN_ADDRESS_FAILURE_LIMIT))
    return keys


def locked(request, username: str) -> bool:
    now = timezone.now()
    keys = [key for key, _ in _keys(request, username)]
    return LoginThrottle.objects.filter(key__in=keys, locked_until__gt=now).exists()


def record_failure(request, username: str) -> None:
    now = timezone.now()
    cooloff = timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    for key, limit in _keys(request, username):
        with transaction.atomic():
            # A window older than the cool-off starts again; counting is one UPDATE, so two
            # guesses at once both count.
            LoginThrottle.objects.filter(
                key=key, window_started_at__lt=now - cooloff, locked_until__isnull=True
            ).update(failures=0, window_started_at=now)
            LoginThrottle.objects.filter(key=key, locked_until__lt=now).update(
                failures=0, window_started_at=now, locked_until=None
            )
            if not LoginThrottle.objects.filter(key=key).update(failures=F("failures") + 1):
                try:
                    with transaction.atomic():
                        LoginThrottle.objects.create(key=key, failures=1, window_started_at=now)
                except IntegrityError:  # created by a guess at the same moment
                    LoginThrottle.objects.filter(key=key).update(failures=F("failures") + 1)
            LoginThrottle.objects.filter(key=key, failures__gte=limit, locked_until__isnull=True).update(
                locked_until=now + cooloff
            )


def record_success(request, username: str) -> None:
    """The account's count starts again; the address's does not (one good login between
    guesses at other accounts must not wipe the record of those guesses)."""
    LoginThrottle.objects.filter(key=f"account:{account_key(username)}").delete()
