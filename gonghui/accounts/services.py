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
