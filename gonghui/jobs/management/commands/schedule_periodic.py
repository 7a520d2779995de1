from django.core.management.base import BaseCommand

from gonghui.core.periodic import periodic_is_waiting, schedule_next


class Command(BaseCommand):
    help = "为任务进程排上周期任务（已排上则不重复）"

    def handle(self, *args, **options):
        if periodic_is_waiting():
            self.stdout.write("周期任务已在队列中。")
            return
        schedule_next()
        self.stdout.write("已排上周期任务。")
