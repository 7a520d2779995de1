from django.core.management.base import BaseCommand

from gonghui.core.periodic import describe, run_periodic_now


class Command(BaseCommand):
    help = "立即执行一次周期任务：超期提醒与升级、重试未发出的外部通知、到期投票计票、集体合同到期提醒等（供 cron 调用，可重复执行）"

    def handle(self, *args, **options):
        self.stdout.write(describe(run_periodic_now()))
