from django.db import models


class Heartbeat(models.Model):
    """A task worker saying it is alive, every few seconds: /healthz reads the newest one, and a
    task whose worker has gone quiet is handed to another."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=100)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "任务进程心跳"

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
