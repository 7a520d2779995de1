from django.tasks import task

from . import services


@task
def deliver(delivery_id: int) -> None:
    services.attempt(delivery_id)


@task
def retry_deliveries() -> int:
    return services.retry_due()
