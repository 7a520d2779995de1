"""Writing workbooks the union office opens in Excel: text stays text, headers stay put."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

import xlsxwriter
from django.http import HttpResponse
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def write_table(
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet_name: str = "Sheet1",
    widths: Sequence[int] | None = None,
    target=None,
) -> bytes | None:
    """One sheet, header row frozen, every cell written as text, a number or a real date.

    Text cells are written as strings with the text format, so ID numbers and phones
    survive a round trip through Excel.
    """
    output = target or io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": target is None})
    head = workbook.add_format({"bold": True, "bg_color": "#F3F4F6", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    number = workbook.add_format({"num_format": "General"})
    sheet = workbook.add_worksheet(sheet_name)
    for col, title in enumerate(headers):
        sheet.set_column(col, col, (widths[col] if widths else 14), text)
        sheet.write_string(0, col, title, head)
    sheet.freeze_panes(1, 0)
    r = 0
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime | date):
                sheet.write_datetime(
                    r, c, value if isinstance(value, datetime) else datetime(value.year, value.month, value.day), day
                )
            elif isinstance(value, int | float) and not isinstance(value, bool):
                # Counts and rates stay numbers, so the office can sum and chart them.
                sheet.write_number(r, c, value, number)
            else:
                sheet.write_string(r, c, str(value), text)
    sheet.autofilter(0, 0, max(r, 1), len(headers) - 1)
    workbook.close()
    return output.getvalue() if target is None else None


def write_template(
    columns, *, notes: Sequence[str], choices: dict[str, Sequence[str]] | None = None, rows: int = 5000
) -> bytes:
    """An empty import template: text-formatted columns, drop-downs where the values are fixed,
    and a sheet of rules."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    text = workbook.add_format({"num_format": "@"})
    required = workbook.add_format({"bold": True, "bg_color": "#FDE8EB", "border": 1, "num_format": "@"})
    optional = workbook.add_format({"bold": True, "bg_color": "#F3F4F6", "border": 1, "num_format": "@"})
    sheet = workbook.add_worksheet("填写区")
    lists = workbook.add_worksheet("选项")
    for col, column in enumerate(columns):
        sheet.set_column(col, col, max(12, len(column.header) * 3), text)
        sheet.write_string(
            0, col, column.header + ("*" if column.required else ""), required if column.required else optional
        )
        if column.help:
            sheet.write_comment(0, col, column.help)
        values = (choices or {}).get(column.key)
        if values:
            lists.write_string(0, col, column.header)
            for i, value in enumerate(values, start=1):
                lists.write_string(i, col, value)
            letter = xlsxwriter.utility.xl_col_to_name(col)
            sheet.data_validation(
                1,
                col,
                rows,
                col,
                {
                    "validate": "list",
                    "source": f"=选项!${letter}$2:${letter}${len(values) + 1}",
                    "error_title": "请从下拉列表选择",
                    "error_message": f"{column.header}只能从下拉列表中选择",
                },
            )
    sheet.freeze_panes(1, 0)
    lists.hide()
    guide = workbook.add_worksheet("填写说明")
    guide.set_column(0, 0, 100)
    for i, line in enumerate(notes):
        guide.write_string(i, 0, line)
    workbook.close()
    return output.getvalue()
