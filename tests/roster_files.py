"""Roster workbooks built in the tests, the way the union office fills them in Excel."""

from __future__ import annotations

import io

import openpyxl

from gonghui.roster.workbook import HEADERS


def roster_row(employee=None, **values) -> dict:
    row = {h: None for h in HEADERS}
    if employee is not None:
        unit = employee.unit
        dept, team = (unit, None) if unit.kind == "department" else (type(unit).objects.get(path=unit.path[:-4]), unit)
        row.update(
            {
                "工号": employee.employee_no,
                "姓名": employee.name,
                "性别": employee.get_gender_display(),
                "身份证号": employee.id_number,
                "手机号": employee.phone,
                "部门": dept.name,
                "班组": team.name if team else None,
                "岗位": employee.position or None,
                "是否会员": "是" if employee.is_member else "否",
                "入会日期": employee.member_since.isoformat() if employee.member_since else None,
            }
        )
    row.update(values)
    return row


def roster_xlsx(rows: list[dict], headers=HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster_of(union, extra: list[dict] | None = None, skip: tuple = ()) -> list[dict]:
    from gonghui.org.models import Employee

    rows = [
        roster_row(e)
        for e in Employee.objects.select_related("unit").order_by("employee_no")
        if e.employee_no not in skip
    ]
    return rows + (extra or [])
