"""Task workers: each beats; a task left RUNNING by one that died goes back to the queue after
its lease; /healthz tells a load balancer (or a person) when no worker is alive."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from gonghui.jobs.models import Heartbeat
from gonghui.jobs.services import beat, recover_stale

pytestmark = pytest.mark.django_db


def running(worker: str, started_ago: timedelta) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="gonghui.core.periodic.periodic",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        status="RUNNING",
        worker_ids=[worker],
        started_at=timezone.now() - started_ago,
    )


def test_a_task_of_a_worker_that_went_silent_is_queued_again(settings):
    settings.WORKER_STALE_SECONDS = 60
    now = timezone.now()
    beat("alive", started_at=now, now=now)
    beat("dead", started_at=now - timedelta(hours=1), now=now - timedelta(minutes=5))
    orphan = running("dead", timedelta(minutes=5))
    busy = running("alive", timedelta(minutes=30))  # a long task of a living worker
    fresh = running("unknown", timedelta(seconds=5))  # just taken, its worker not yet beating
    assert recover_stale() == 1
    orphan.refresh_from_db()
    busy.refresh_from_db()
    fresh.refresh_from_db()
    assert (orphan.status, orphan.started_at) == ("READY", None)
    assert busy.status == fresh.status == "RUNNING"
    # After the lease the one without any heartbeat goes back as well.
    assert recover_stale(now=now + timedelta(minutes=2)) == 2  # and the alive one, silent by then
    assert DBTaskResult.objects.filter(status="READY").count() == 3


def test_healthz_answers_503_when_no_worker_beats(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["worker"] == "stale"
    beat("w1", started_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {
        "status": "ok",
        "database": "ok",
        "worker": "ok",
        "worker_seen_seconds_ago": 0,
    }
    Heartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS + 1))
    assert client.get("/healthz").status_code == 503


# Committed, as in production: the worker drops any connection left in a transaction (the
# test's own, on PostgreSQL) each time it wakes up.
@pytest.mark.django_db(transaction=True)
def test_the_worker_command_beats_and_takes_back_orphans_before_working(settings):
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Only the beat before work: the thread's next one, on a second connection, would meet the
    # worker's exclusive transaction in SQLite's in-memory test database (no busy wait there).
    settings.HEARTBEAT_SECONDS = 3600
    orphan = running("dead", timedelta(minutes=5))
    # --batch: run what is queued (the orphan, now READY again) and stop.
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "--worker-id", "w-test", verbosity=0)
    orphan.refresh_from_db()
    assert orphan.status == "SUCCESSFUL" and orphan.worker_ids[-1] == "w-test"
    assert Heartbeat.objects.filter(worker_id="w-test").exists()


def test_a_failing_periodic_job_does_not_stop_the_others_or_the_chain(settings, monkeypatch):
    from gonghui.core import periodic

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def broken(now=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(periodic, "_JOBS", {"broken": periodic.PeriodicJob(broken, {}), **periodic._JOBS})
    result = periodic.periodic.call()
    assert "reminded" in result and "ballots_counted" in result  # the others ran
    assert periodic.periodic_is_waiting()  # and the next run is queued
