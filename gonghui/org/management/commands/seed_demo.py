from django.core.cache import cache
from django.core.management.base import BaseCommand

from gonghui.org.demo import build_demo, demo_exists, reset_demo


class Command(BaseCommand):
    help = "生成确定性的示例工会（发电企业：分工会、部门、班组、职工、会籍、演示账号）"

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=1200, help="职工人数（默认 1200）")
        parser.add_argument("--reset", action="store_true", help="先删除现有组织、人员与账号再生成")

    def handle(self, *args, employees, reset, **options):
        if demo_exists() and not reset:
            self.stdout.write("示例工会已存在，跳过（如需重新生成请加 --reset）。")
            return
        if reset:
            reset_demo()
        build_demo(employees=employees, stdout=self.stdout)
        # Counts, list pages and roles kept in the shared cache describe the data just replaced.
        cache.clear()
        if employees == 0:
            # The structure alone, to import a roster into (make bench): the work needs people.
            self.stdout.write("未生成职工，跳过诉求、职代会、民主监督、厂务公开和活动的示例数据。")
            return
        from gonghui.appeals.demo import build_demo_cases

        cases = build_demo_cases()
        self.stdout.write(f"示例诉求 {cases} 件、新闻与政策 4 篇。")
        from gonghui.congress.demo import build_demo_congress

        proposals = build_demo_congress()
        self.stdout.write(f"示例职代会：代表团、代表、两次会议、提案 {proposals} 件。")
        from gonghui.supervision.demo import build_demo_supervision

        made = build_demo_supervision()
        self.stdout.write(f"示例民主监督：集体合同 {made['contracts']} 份、联席会议 2 次、代表巡察 2 次。")
        from gonghui.disclosure.demo import build_demo_disclosure

        self.stdout.write(f"示例厂务公开：目录 12 项、公开任务 {build_demo_disclosure()} 项。")
        from gonghui.events.demo import build_demo_events

        made = build_demo_events()
        self.stdout.write(f"示例活动 {made['events']} 项、文体协会 {made['associations']} 个、阵地 3 处。")
