from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.models import User
from gonghui.excel.reader import WorkbookError
from gonghui.roster.workbook import apply_roster, read_roster


class Command(BaseCommand):
    help = "从 Excel 导入花名册（默认增量，--full 为全量）：先逐行校验，全部无误才写入；有错误时列出并以非零状态退出"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 文件")
        parser.add_argument("--dry-run", action="store_true", help="只校验并报告将发生的变化，不写入")
        parser.add_argument(
            "--full", action="store_true", help="全量：文件中没有的在职人员记为离职（先用 --dry-run 看清人数）"
        )
        parser.add_argument("--actor", help="记入审计日志的操作人工号（默认：系统）")

    def handle(self, *args, file, dry_run, full, actor, **options):
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"找不到用户 {actor}")
        try:
            with open(file, "rb") as source:
                plan = read_roster(source, full=full)
        except FileNotFoundError:
            raise CommandError(f"找不到文件 {file}") from None
        except WorkbookError as exc:
            raise CommandError(str(exc)) from None
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            more = f"（只列出前 {len(plan.errors)} 处）" if plan.error_count > len(plan.errors) else ""
            raise CommandError(f"共 {plan.error_count} 处错误{more}，未写入任何数据")
        summary = plan.summary() if dry_run else apply_roster(plan, actor=user)
        prefix = "校验通过（未写入）：将" if dry_run else "导入完成："
        left = f"记为离职 {summary['left']} 人" if full else "增量导入，无人记为离职"
        self.stdout.write(
            f"{prefix}新增 {summary['created']} 人，更新 {summary['updated']} 人，未变 {summary['unchanged']} 人，"
            f"{left}（共 {summary['rows']} 行）。"
        )
