from django.core.management.base import BaseCommand

from gonghui.cases.tasks import run_periodic_now


class Command(BaseCommand):
    help = "立即执行一次周期任务：超期提醒与升级、重试未发出的外部通知、集体合同到期提醒（供 cron 调用，可重复执行）"

    def handle(self, *args, **options):
        result = run_periodic_now()
        self.stdout.write(
            f"超期提醒 {result['reminded']} 件，升级 {result['escalated']} 件，重试推送 {result['deliveries_retried']} 条，"
            f"合同到期提醒 {result.get('contracts_reminded', 0)} 份。"
        )
