"""Task workers that can die without losing work.

django-tasks-db marks a task RUNNING when a worker takes it and never looks at it again: a
worker killed mid-task leaves it RUNNING for ever. Each worker therefore beats (every
HEARTBEAT_SECONDS), and any worker hands back to the queue a task whose worker has not beaten
for WORKER_STALE_SECONDS: its lease. Every task in the project is idempotent (it records what it
did), so running one again after a crash is safe.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .models import Heartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, *, started_at, now=None) -> None:
    now = now or timezone.now()
    Heartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:100], "pid": os.getpid(), "started_at": started_at, "seen_at": now},
    )


def recover_stale(now=None) -> int:
    """Put back in the queue every RUNNING task whose worker's lease ran out. Returns how many."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    lease = now - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    alive = set(Heartbeat.objects.filter(seen_at__gte=lease).values_list("worker_id", flat=True))
    stale = [
        task.pk
        for task in DBTaskResult.objects.filter(status="RUNNING").only("pk", "worker_ids", "started_at")
        if not (task.worker_ids and task.worker_ids[-1] in alive)
        and (task.started_at is None or task.started_at < lease)
    ]
    if stale:
        # Only tasks still RUNNING: one finished in the meantime keeps its result.
        count = DBTaskResult.objects.filter(pk__in=stale, status="RUNNING").update(status="READY", started_at=None)
        logger.warning("handed %s task(s) of a silent worker back to the queue", count)
        return count
    return 0


def forget_old_heartbeats(now=None) -> None:
    now = now or timezone.now()
    Heartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()


def worker_health(now=None) -> dict:
    """What /healthz says of the task workers: fine only if one has beaten within its lease."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return {"ok": True, "worker": "inline"}
    now = now or timezone.now()
    newest = Heartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    age = (now - newest).total_seconds() if newest else None
    ok = age is not None and age <= settings.WORKER_STALE_SECONDS
    return {
        "ok": ok,
        "worker": "ok" if ok else "stale",
        "worker_seen_seconds_ago": round(age) if age is not None else None,
    }


class HeartbeatThread(threading.Thread):
    """Beats and recovers beside the worker's loop, so a long task does not look like a dead worker."""

    def __init__(self, worker_id: str):
        super().__init__(name="gonghui-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stopped = threading.Event()

    def run(self) -> None:
        # The worker beat once as it started; the next beat is due an interval later.
        while not self.stopped.wait(settings.HEARTBEAT_SECONDS):
            try:
                close_old_connections()
                beat(self.worker_id, started_at=self.started_at)
                recover_stale()
                forget_old_heartbeats()
            except Exception:
                logger.exception("heartbeat failed")
            finally:
                connection.close()
