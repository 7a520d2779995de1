"""`manage.py worker`: django-tasks-db's db_worker, with a heartbeat and the recovery of tasks
left RUNNING by a worker that died (see gonghui/jobs/services.py)."""

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from gonghui.jobs.services import HeartbeatThread, beat, recover_stale


class Command(db_worker.Command):
    help = "运行后台任务进程（带心跳；接管已停止的任务进程留下的任务）"

    def handle(self, *args, **options):
        worker_id = options.get("worker_id") or get_random_string(32)
        options["worker_id"] = worker_id
        heartbeat = HeartbeatThread(worker_id)
        # Beat once before taking any task, and take back what a dead predecessor left.
        beat(worker_id, started_at=heartbeat.started_at)
        recovered = recover_stale()
        if recovered:
            self.stdout.write(f"已接管 {recovered} 个中断的任务。")
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
