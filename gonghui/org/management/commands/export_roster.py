from django.core.management.base import BaseCommand

from gonghui.excel.writer import write_table
from gonghui.org.models import Employee
from gonghui.org.roster import EXPORT_HEADERS, roster_rows


class Command(BaseCommand):
    help = "把全部职工导出为 Excel 花名册（与导入模板同列序，可修改后再导入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出的 .xlsx 文件")

    def handle(self, *args, file, **options):
        with open(file, "wb") as target:
            write_table(EXPORT_HEADERS, roster_rows(Employee.objects.all()), sheet_name="花名册", target=target)
        self.stdout.write(f"已导出 {Employee.objects.count()} 人到 {file}")
