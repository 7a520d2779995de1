"""Telling people: the in-app inbox always, plus email and the units' group robots.

Outside deliveries are rows first and network calls later, in the task worker: a slow or
broken robot never slows the request that caused the message, and a failed send stays
on record and is retried with backoff until it succeeds or runs out of attempts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from gonghui.core.cache import changed, generation
from gonghui.core.db import insert_from
from gonghui.org.rules import can

from .models import Channel, Delivery, Notification, UnitWebhook
from .robots import check_robot_url, post_json

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def unread_count(user) -> int:
    """The bell's figure on every page, kept until any notification is sent or read."""
    return cache.get_or_set(
        f"unread:{generation('inbox')}:{user.pk}",
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        300,
    )


def mark_read(user, notification=None) -> None:
    """One notification, or (none given) all of the user's, as read now."""
    notes = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        notes = notes.filter(pk=notification.pk)
    if notes.update(read_at=timezone.now()):
        changed("inbox")


def notify_users(users: Iterable, *, title: str, body: str = "", url: str = "") -> list[Notification]:
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    notes = Notification.objects.bulk_create(
        [Notification(recipient=u, title=title, body=body, url=url) for u in users]
    )
    if notes:
        changed("inbox")
    emails = [u.email for u in users if u.email] if settings.EMAIL_ENABLED else []
    deliveries = [Delivery(channel=Channel.EMAIL, target=e, title=title, body=body, url=url) for e in emails]
    _queue(deliveries)
    return notes


def notify_many(users: QuerySet, *, title: str, body: str = "", url: str = "") -> int:
    """notify_users for everybody a query finds (a ballot's thousands of voters): the inbox
    rows are written by the database in one statement, not built as objects."""
    users = users.filter(is_active=True)
    made = insert_from(Notification, users, copy={"recipient": "pk"}, values={"title": title, "body": body, "url": url})
    if made:
        changed("inbox")
    if settings.EMAIL_ENABLED:
        emails = users.exclude(email="").values_list("email", flat=True)
        _queue([Delivery(channel=Channel.EMAIL, target=e, title=title, body=body, url=url) for e in emails])
    return made


def notify_units(units: Iterable, *, title: str, body: str = "", url: str = "") -> None:
    """Post to the group robots of these units (a unit's own robots, not its parents')."""
    hooks = UnitWebhook.objects.filter(unit__in=list(units), is_active=True)
    _queue([Delivery(channel=h.channel, target=h.url, title=title, body=body, url=url) for h in hooks])


def _queue(deliveries: list[Delivery]) -> None:
    if not deliveries:
        return
    Delivery.objects.bulk_create(deliveries)
    ids = [d.pk for d in deliveries]

    def enqueue():
        from .tasks import deliver

        for pk in ids:
            deliver.enqueue(pk)

    transaction.on_commit(enqueue)


def _absolute(url: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{url}" if url.startswith("/") else url


def send(delivery: Delivery) -> None:
    """One delivery, carrying its id so the receiver can drop a repeat (a retry after a lost
    answer, say): the robots' Idempotency-Key header, the mail's Message-ID."""
    text = f"{delivery.title}\n{delivery.body}".strip()
    link = _absolute(delivery.url) if delivery.url else ""
    if delivery.channel == Channel.EMAIL:
        domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        EmailMessage(
            delivery.title,
            f"{delivery.body}\n\n{link}".strip(),
            None,
            [delivery.target],
            headers={"Message-ID": f"<delivery-{delivery.pk}@{domain}>"},
        ).send()
    elif delivery.channel == Channel.WECOM or delivery.channel == Channel.DINGTALK:
        post_json(
            delivery.target,
            delivery.channel,
            {"msgtype": "text", "text": {"content": f"{text}\n{link}".strip()}},
            delivery_id=delivery.pk,
        )


def attempt(delivery_id: int) -> None:
    """Try one delivery once. Claims the row first so two workers never send it twice."""
    now = timezone.now()
    # The lease (next attempt in 10 minutes) also brings back a send whose worker died mid-way.
    claimed = (
        Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(attempts=F("attempts") + 1, next_attempt_at=now + timedelta(minutes=10))
    )
    if not claimed:
        return
    delivery = Delivery.objects.get(pk=delivery_id)
    try:
        send(delivery)
    except Exception as exc:
        if isinstance(exc, ValidationError):  # the address itself is refused: say why, in Chinese
            exc = "；".join(exc.messages)
        logger.warning("delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, exc)
        failed = delivery.attempts >= MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED if failed else Delivery.Status.PENDING,
            last_error=f"{timezone.localtime():%Y-%m-%d %H:%M:%S} {exc}"[:2000],
            next_attempt_at=None if failed else now + timedelta(minutes=2**delivery.attempts),
        )
        return
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="")


def retry_job(now=None) -> dict:
    return {"deliveries_retried": retry_due()}


def retry_due() -> int:
    """Send every pending delivery whose next attempt is due (the periodic job)."""
    due = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=timezone.now()).values_list(
            "pk", flat=True
        )[:500]
    )
    for pk in due:
        attempt(pk)
    return len(due)


def _may_manage_robots(actor, unit) -> None:
    if not can(actor, "org.manage_units", unit):
        raise PermissionDenied("只有本单位所属工会的办公室可以管理群机器人")


@transaction.atomic
def webhook_add(*, actor, unit, channel: str, url: str) -> UnitWebhook:
    """A unit's group robot: its notices go to the unit's WeCom or DingTalk group as well."""
    _may_manage_robots(actor, unit)
    check_robot_url(url, channel)
    return UnitWebhook.objects.create(unit=unit, channel=channel, url=url)


@transaction.atomic
def webhook_delete(*, actor, hook: UnitWebhook) -> None:
    _may_manage_robots(actor, hook.unit)
    hook.delete()


def webhook_test(*, actor, hook: UnitWebhook) -> None:
    _may_manage_robots(actor, hook.unit)
    notify_units([hook.unit], title=f"【测试】{hook.unit.name}的群机器人已接入工会工作平台")
