"""Periodic work without a scheduler: each run enqueues the next one.

django-tasks-db has no periodic tasks, so `schedule_periodic` (run by `make run`) queues the
first `periodic` run if none is waiting, and every run queues its successor. Cron can call
`manage.py run_periodic` instead. Every job is idempotent, so an extra run does no harm.

Kernels and domains register their own jobs here (overdue cases, notices to retry, ballots
past their deadline, contracts about to expire), from their apps' `ready`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.tasks import task
from django.utils import timezone


@dataclass(frozen=True)
class PeriodicJob:
    run: Callable  # (now=None) -> dict of figures
    # Each figure's sentence for the run_periodic command: {"reminded": "超期提醒 {} 件"}.
    says: dict[str, str]


_JOBS: dict[str, PeriodicJob] = {}
logger = logging.getLogger(__name__)


def register_periodic(run: Callable, *, says: dict[str, str]) -> None:
    """A kernel's or domain's own idempotent periodic work: run(now=None) -> dict of figures."""
    _JOBS[f"{run.__module__}.{run.__qualname__}"] = PeriodicJob(run, says)


def run_periodic_now() -> dict:
    """Every job, each on its own: one that fails is logged and the others still run."""
    result = {}
    for key, job in _JOBS.items():
        try:
            result.update(job.run())
        except Exception:
            logger.exception("periodic job %s failed", key)
    return result


def describe(result: dict) -> str:
    """What a run did, in the jobs' own words: "超期提醒 1 件，升级 0 件，……"."""
    sentences = [says.format(result[key]) for job in _JOBS.values() for key, says in job.says.items() if key in result]
    return "，".join(sentences) + "。"


@task
def periodic() -> dict:
    try:
        return run_periodic_now()
    finally:  # whatever happened, the chain goes on
        schedule_next()


def schedule_next() -> None:
    run_after = timezone.now() + timedelta(seconds=settings.PERIODIC_SECONDS)
    periodic.using(run_after=run_after).enqueue()


def periodic_is_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=periodic.module_path, status__in=["READY", "RUNNING"]).exists()
