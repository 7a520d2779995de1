"""Periodic work without a scheduler: each run enqueues the next one.

django-tasks-db has no periodic tasks, so `schedule_periodic` (run by `make run`) queues the
first `periodic` run if none is waiting, and every run queues its successor. Cron can call
`manage.py run_periodic` instead. Both jobs are idempotent, so an extra run does no harm.
"""

from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone

from gonghui.notify.services import retry_due

from .sweep import sweep_overdue

_JOBS: list = []


def register_periodic(job) -> None:
    """A domain's own idempotent periodic work: job(now=None) -> dict of figures."""
    if job not in _JOBS:
        _JOBS.append(job)


def run_periodic_now() -> dict:
    result = {**sweep_overdue(), "deliveries_retried": retry_due()}
    for job in _JOBS:
        result.update(job())
    return result


@task
def periodic() -> dict:
    result = run_periodic_now()
    schedule_next()
    return result


def schedule_next() -> None:
    run_after = timezone.now() + timedelta(seconds=settings.PERIODIC_SECONDS)
    periodic.using(run_after=run_after).enqueue()


def periodic_is_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=periodic.module_path, status__in=["READY", "RUNNING"]).exists()
