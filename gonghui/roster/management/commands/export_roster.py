from django.core.management.base import BaseCommand

from gonghui.excel.writer import write_table
from gonghui.org.models import Employee
from gonghui.roster.workbook import EXPORT_HEADERS, roster_rows


class Command(BaseCommand):
    help = "把全部职工导出为 Excel 花名册（与导入模板同列序，可修改后再导入）"

    def add_arguments(self, parser):
        parser.add_argument("file", help="输出的 .xlsx 文件")
        parser.add_argument(
            "--full-id-numbers",
            action="store_true",
            help="写出完整身份证号（默认打码；打码的花名册只能导回本系统，不能导入新库）",
        )

    def handle(self, *args, file, full_id_numbers, **options):
        rows = roster_rows(Employee.objects.all(), full_id_numbers=full_id_numbers)
        with open(file, "wb") as target:
            write_table(EXPORT_HEADERS, rows, sheet_name="花名册", target=target)
        self.stdout.write(f"已导出 {Employee.objects.count()} 人到 {file}")
