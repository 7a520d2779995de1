from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gonghui.core.demo import demo_parts
from gonghui.org.demo import SECOND_EMPLOYEES, build_demo, build_second_union, demo_exists, demo_unions


class Command(BaseCommand):
    help = "生成确定性的示例工会（发电企业：分工会、部门、班组、职工、会籍、演示账号；另有一个小的第二工会）"

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=1200, help="职工人数（默认 1200）")
        parser.add_argument(
            "--reset", action="store_true", help="先删除两个示例工会的全部数据再生成（其他工会不受影响）"
        )
        parser.add_argument("--force", action="store_true", help="在 DEBUG 关闭的环境中也允许 --reset")

    def handle(self, *args, employees, reset, force, **options):
        if reset and not settings.DEBUG and not force:
            raise CommandError("这是生产配置（DEBUG 关闭）：--reset 会删除示例工会的全部数据，确需执行请再加 --force")
        if demo_exists() and not reset:
            self.stdout.write("示例工会已存在，跳过（如需重新生成请加 --reset）。")
            return
        parts = demo_parts()
        with transaction.atomic():
            if reset:
                self._wipe(parts)
            main = build_demo(employees=employees, stdout=self.stdout)
            if employees:
                for part in parts:
                    if part.build is not None and (line := part.build(main)):
                        self.stdout.write(line)
            # Built after the main union's records: their builders pick from every person there is.
            second = build_second_union(employees=SECOND_EMPLOYEES if employees else 0)
            if employees:
                for part in parts:
                    if part.build_small is not None and (line := part.build_small(second)):
                        self.stdout.write(line)
        self.stdout.write(f"第二工会「{second.name}」已生成。")
        if employees == 0:
            # The structure alone, to import a roster into (make bench): the work needs people.
            self.stdout.write("未生成职工，跳过诉求、职代会、民主监督、厂务公开和活动的示例数据。")
        # Counts, list pages and roles kept in the shared cache describe the data just replaced.
        cache.clear()

    def _wipe(self, parts) -> None:
        with disable_auditlog():  # a reset is not a change anybody made
            self._wipe_unions(parts)
        self.stdout.write("已删除两个示例工会的数据。")

    def _wipe_unions(self, parts) -> None:
        for union in demo_unions():
            for part in reversed(parts):
                if part.wipe is not None:
                    part.wipe(union)
