"""The roster (花名册): the company's list of employees, imported from and exported to Excel.

An import adds and updates the people in the file (增量, the default). Only a full import
(全量), chosen explicitly and confirmed after its dry run has shown who would leave, also
records the active people missing from the file as having left. Every row is checked before
anything is written, and then everything is written in one transaction or nothing is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from gonghui.core.cache import changed
from gonghui.core.db import refresh_planner_statistics
from gonghui.excel.reader import Column, Sheet, read_sheet
from gonghui.org.idcard import IdNumberError, parse_id_number
from gonghui.org.models import (
    Employee,
    EmploymentStatus,
    MembershipEvent,
    MembershipEventKind,
    OrgUnit,
    RoleAssignment,
    UnitKind,
)
from gonghui.search import index as search_index

COLUMNS = [
    Column("工号", "employee_no", required=True, kind="code", max_length=20, help="字母、数字或短横线，全公司唯一"),
    Column("姓名", "name", required=True, max_length=50),
    Column("性别", "gender", required=True, max_length=2, help="男 或 女，须与身份证号一致"),
    Column(
        "身份证号", "id_number", required=True, kind="code", max_length=18, help="18位，末位可为X；本列必须是文本格式"
    ),
    Column("手机号", "phone", required=True, kind="code", max_length=11, help="11位手机号，全公司唯一"),
    Column("部门", "department", required=True, max_length=100, help="与组织架构中的部门名称一致"),
    Column("班组", "team", max_length=100, help="可空；须是该部门下的班组"),
    Column("岗位", "position", max_length=50),
    Column("入职日期", "hire_date", kind="date", help="如 2015-07-01"),
    Column("是否会员", "is_member", max_length=2, help="是 或 否"),
    Column("入会日期", "member_since", kind="date", help="会员填写，如 2016-03-01"),
    Column("会员证号", "member_no", kind="code", max_length=30),
    Column("在职状态", "status", max_length=2, help="在职、离职 或 退休；空为在职"),
    Column("离职/退休日期", "left_on", kind="date", help="离职或退休人员填写"),
]
HEADERS = [c.header for c in COLUMNS]
BY_KEY = {c.key: c for c in COLUMNS}
GENDERS = {"男": "M", "女": "F"}
STATUSES = {"在职": EmploymentStatus.ACTIVE, "离职": EmploymentStatus.LEFT, "退休": EmploymentStatus.RETIRED}
MEMBER = {"是": True, "否": False}
_EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9-]{1,20}$")
_PHONE = re.compile(r"^1[3-9]\d{9}$")

# Fields the roster owns: what an import may change on an existing person.
ROSTER_FIELDS = (
    "name",
    "gender",
    "id_number",
    "birth_date",
    "phone",
    "unit",
    "position",
    "hire_date",
    "is_member",
    "member_since",
    "member_no",
)

NOTES = [
    "花名册导入说明",
    "1. 请在“填写区”工作表填写，第1行为表头，请勿修改、删除或调换表头；带 * 的列必填。",
    "2. 所有列已设为文本格式。身份证号、手机号、工号如被 Excel 当作数字，末尾几位会丢失，导入时将报错。",
    "3. 性别填“男”或“女”，须与身份证号第17位一致；是否会员填“是”或“否”。",
    "4. 部门须与系统中的部门名称完全一致；班组可空，填写时须是该部门下的班组。",
    "5. 日期写成 2024-03-01（也接受 2024/3/1、2024.3.1、2024年3月1日）。",
    "6. 默认“增量”导入：只新增、更新文件中的人员，不会把任何人记为离职；要让文件外的在职人员离职，请选“全量”，校验后须再确认一次。",
    "7. 上传后系统先逐行校验，全部无误才会写入；有任何错误时不写入任何数据，并按行、列列出问题。",
    "示例：HD100001 | 张三 | 男 | 370102199001011234 | 13812345678 | 运行部 | 运行一值 | 主值 | 2012-07-01 | 是 | 2012-09-01 | HY0000001",
]


@dataclass
class Plan:
    """What an import would do; `errors` empty means it may be applied."""

    sheet: Sheet
    create: list[Employee] = field(default_factory=list)
    update: list[tuple[Employee, dict]] = field(default_factory=list)  # (employee with new values, {field: (old, new)})
    unchanged: int = 0
    leave: list[Employee] = field(default_factory=list)

    @property
    def errors(self):
        return self.sheet.errors

    @property
    def error_count(self) -> int:
        return self.sheet.error_count

    def summary(self) -> dict:
        return {
            "rows": len(self.sheet.rows),
            "created": len(self.create),
            "updated": len(self.update),
            "unchanged": self.unchanged,
            "left": len(self.leave),
        }

    def leaving_sample(self, n: int = 50) -> list[str]:
        return [f"{e.name}（{e.employee_no}）" for e in self.leave[:n]]


def read_roster(source, *, union: OrgUnit | None = None, full: bool = False, progress=None) -> Plan:
    """The roster of one `union` (a root unit; None: the whole deployment, for the command line).
    Its units are looked up inside that union only, and people of another union are not its to
    change. `full`: the file is the union's whole roster, and its active people missing from it leave."""
    sheet = read_sheet(source, COLUMNS, progress=progress)
    return _plan(sheet, union=union, full=full)


def _plan(sheet: Sheet, *, union: OrgUnit | None, full: bool) -> Plan:
    plan = Plan(sheet=sheet)
    today = timezone.localdate()
    units = OrgUnit.objects.filter(path__startswith=union.path) if union is not None else OrgUnit.objects.all()
    departments = {u.name: u for u in units.filter(kind=UnitKind.DEPARTMENT)}
    teams = {(u.path[: -OrgUnit.steplen], u.name): u for u in units.filter(kind=UnitKind.TEAM)}
    units_by_id = {u.pk: u for u in [*departments.values(), *teams.values()]}
    everyone = list(Employee.objects.all())
    # ID and phone numbers are unique across the deployment; employee numbers too.
    owner_of_id = {e.id_number: e.employee_no for e in everyone}
    owner_of_phone = {e.phone: e.employee_no for e in everyone}
    if union is None:
        existing, elsewhere = {e.employee_no: e for e in everyone}, set()
    else:
        existing = {e.employee_no: e for e in everyone if e.unit_path.startswith(union.path)}
        elsewhere = {e.employee_no for e in everyone if not e.unit_path.startswith(union.path)}
    seen: dict[str, dict[str, int]] = {"employee_no": {}, "id_number": {}, "phone": {}}
    in_file: set[str] = set()

    def err(row, key, message):
        sheet.error(row, key, message, BY_KEY)

    for number, row in sheet.rows:
        bad = row.get("_bad", set())
        ok = True
        employee_no = row.get("employee_no")
        if employee_no:
            if not _EMPLOYEE_NO.match(employee_no):
                err(number, "employee_no", f"“{employee_no}”只能包含字母、数字和短横线")
                ok = False
            elif employee_no in elsewhere:
                err(number, "employee_no", f"工号 {employee_no} 是另一个工会的职工，不能在{union.name}导入")
                ok = False
            in_file.add(employee_no)
        id_number = row.get("id_number")
        birth = id_gender = None
        if id_number and "*" in id_number:
            # An export masks ID numbers; re-imported, a masked one means "as it is".
            known = existing.get(employee_no)
            if known is not None and known.masked_id_number == id_number.upper():
                id_number = known.id_number
            else:
                err(number, "id_number", "身份证号是遮盖过的（含 *）：新职工或身份证号有变的，请填写完整号码")
                ok = False
                id_number = None
        if id_number:
            try:
                id_number, birth, id_gender = parse_id_number(id_number)
            except IdNumberError as exc:
                err(number, "id_number", f"“{id_number}”{exc}")
                ok = False
        gender = GENDERS.get(row.get("gender") or "")
        if row.get("gender") and gender is None:
            err(number, "gender", f"“{row['gender']}”应为“男”或“女”")
            ok = False
        elif gender and id_gender and gender != id_gender:
            err(number, "gender", f"与身份证号不符（身份证号显示为{'男' if id_gender == 'M' else '女'}）")
            ok = False
        phone = row.get("phone")
        if phone and not _PHONE.match(phone):
            err(number, "phone", f"“{phone}”不是有效的11位手机号")
            ok = False
        for key, value in (("employee_no", employee_no), ("id_number", id_number), ("phone", phone)):
            if value and key not in bad:
                first = seen[key].setdefault(value, number)
                if first != number:
                    err(number, key, f"与第{first}行重复")
                    ok = False
        if id_number and owner_of_id.get(id_number, employee_no) != employee_no:
            err(number, "id_number", f"已属于工号 {owner_of_id[id_number]} 的职工")
            ok = False
        if phone and owner_of_phone.get(phone, employee_no) != employee_no:
            err(number, "phone", f"已被工号 {owner_of_phone[phone]} 的职工使用")
            ok = False
        unit = None
        if row.get("department"):
            department = departments.get(row["department"])
            if department is None:
                err(number, "department", f"系统中没有名为“{row['department']}”的部门")
                ok = False
            elif row.get("team"):
                unit = teams.get((department.path, row["team"]))
                if unit is None:
                    err(number, "team", f"“{row['department']}”下没有名为“{row['team']}”的班组")
                    ok = False
            else:
                unit = department
        hire_date = row.get("hire_date")
        if hire_date and hire_date > today:
            err(number, "hire_date", "入职日期不能晚于今天")
            ok = False
        if hire_date and birth and hire_date <= birth:
            err(number, "hire_date", "入职日期早于出生日期")
            ok = False
        is_member = MEMBER.get(row.get("is_member") or "")
        if row.get("is_member") and is_member is None:
            err(number, "is_member", f"“{row['is_member']}”应为“是”或“否”")
            ok = False
        member_since = row.get("member_since")
        status = STATUSES.get(row.get("status") or "在职")
        if status is None:
            err(number, "status", f"“{row['status']}”应为“在职”“离职”或“退休”")
            ok = False
        left_on = row.get("left_on")
        if left_on and left_on > today:
            err(number, "left_on", "离职/退休日期不能晚于今天")
            ok = False
        if member_since and member_since > today:
            err(number, "member_since", "入会日期不能晚于今天")
            ok = False
        if not ok or bad or not all(row.get(c.key) for c in COLUMNS if c.required):
            continue

        current = existing.get(employee_no)
        values = {
            "name": row["name"],
            "gender": gender,
            "id_number": id_number,
            "birth_date": birth,
            "phone": phone,
            "unit": unit,
            "position": row.get("position") or "",
            "hire_date": hire_date,
            "member_no": row.get("member_no") or "",
            "status": status,
            "left_on": (left_on or today) if status != EmploymentStatus.ACTIVE else None,
        }
        if status != EmploymentStatus.ACTIVE:
            is_member = False  # membership ends with employment
        if current is None:
            values["is_member"] = bool(is_member)
            values["member_since"] = member_since or (today if is_member else None)
            plan.create.append(Employee(employee_no=employee_no, unit_path=unit.path, **values))
            continue
        values["is_member"] = current.is_member if is_member is None else is_member
        values["member_since"] = member_since or current.member_since
        if values["is_member"] and not values["member_since"]:
            values["member_since"] = today
        if status != EmploymentStatus.ACTIVE and current.status == status and current.left_on:
            values["left_on"] = left_on or current.left_on
        if not values["hire_date"]:
            values["hire_date"] = current.hire_date
        changes = {}
        for name, new in values.items():
            if name == "unit":  # compared by id: reading current.unit would cost a query a row
                old_unit = units_by_id.get(current.unit_id)
                if current.unit_id != new.pk:
                    changes["unit"] = (old_unit.name if old_unit else current.unit_id, new.name)
                    current._old_unit = old_unit
                    current.unit = new
                    current.unit_path = new.path
                continue
            old = getattr(current, name)
            if old != new:
                changes[name] = (old, new)
                setattr(current, name, new)
        if changes:
            plan.update.append((current, changes))
        else:
            plan.unchanged += 1

    if full and not sheet.errors:
        plan.leave = [e for no, e in existing.items() if no not in in_file and e.status == EmploymentStatus.ACTIVE]
    return plan


def _text(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


@transaction.atomic
def apply_roster(plan: Plan, *, actor, job_id: int | None = None, progress=None) -> dict:
    """Write the plan: people, membership history, audit rows, all in one transaction."""
    from gonghui.accounts.models import User

    if plan.errors:
        raise ValueError("a plan with errors cannot be applied")
    today = timezone.localdate()
    batch = 2000
    Employee.objects.bulk_create(plan.create, batch_size=batch)
    if progress:
        progress("created")
    by_fields: dict[tuple, list[Employee]] = {}
    for employee, changes in plan.update:
        fields = tuple(
            sorted({*("unit_path" if f == "unit" else f for f in changes), *(("unit",) if "unit" in changes else ())})
        )
        by_fields.setdefault(fields, []).append(employee)
    now = timezone.now()
    for fields, employees in by_fields.items():
        for employee in employees:
            employee.updated_at = now
        Employee.objects.bulk_update(employees, [*fields, "updated_at"], batch_size=batch)
    for employee in plan.leave:
        employee._was_member = employee.is_member
        employee.status, employee.left_on, employee.is_member = EmploymentStatus.LEFT, today, False
    Employee.objects.bulk_update(plan.leave, ["status", "left_on", "is_member"], batch_size=batch)
    # Found by name, pinyin, number and unit from now on: what the people search reads.
    search_index.index_many(
        [*plan.create, *(e for e, changes in plan.update if {"name", "unit", "position", "employee_no"} & set(changes))]
    )
    # Whoever leaves the company, by the file's status column or by being absent from it,
    # loses the login and every role with it.
    left_ids = [e.pk for e in plan.leave] + [
        e.pk for e, changes in plan.update if "status" in changes and e.status != EmploymentStatus.ACTIVE
    ]
    for start in range(0, len(left_ids), batch):
        chunk = left_ids[start : start + batch]
        User.objects.filter(employee_id__in=chunk).update(is_active=False)
        RoleAssignment.objects.filter(user__employee_id__in=chunk).delete()
    if progress:
        progress("updated")

    events = []
    note = f"花名册导入 #{job_id}" if job_id else "花名册导入"
    for employee in plan.create:
        if employee.is_member:
            events.append(
                MembershipEvent(
                    employee=employee,
                    kind=MembershipEventKind.JOIN,
                    occurred_on=employee.member_since,
                    to_unit=employee.unit,
                    note=note,
                    recorded_by=actor,
                )
            )
    for employee, changes in plan.update:
        if "is_member" in changes and employee.is_member:
            events.append(
                MembershipEvent(
                    employee=employee,
                    kind=MembershipEventKind.JOIN,
                    occurred_on=employee.member_since or today,
                    to_unit=employee.unit,
                    note=note,
                    recorded_by=actor,
                )
            )
        elif "is_member" in changes:
            events.append(
                MembershipEvent(
                    employee=employee,
                    kind=MembershipEventKind.LEAVE,
                    occurred_on=today,
                    from_unit=employee.unit,
                    note=note,
                    recorded_by=actor,
                )
            )
        elif "unit" in changes and employee.is_member:
            old_unit = getattr(employee, "_old_unit", None)
            if old_unit is not None and old_unit.branch_path != employee.unit.branch_path:
                events.append(
                    MembershipEvent(
                        employee=employee,
                        kind=MembershipEventKind.TRANSFER,
                        occurred_on=today,
                        from_unit=old_unit,
                        to_unit=employee.unit,
                        note=note,
                        recorded_by=actor,
                    )
                )
    for employee in plan.leave:
        if employee._was_member:
            events.append(
                MembershipEvent(
                    employee=employee,
                    kind=MembershipEventKind.LEAVE,
                    occurred_on=today,
                    from_unit_id=employee.unit_id,
                    note=f"{note}：不在花名册中，记为离职",
                    recorded_by=actor,
                )
            )
    MembershipEvent.objects.bulk_create(events, batch_size=batch)

    # Bulk writes skip auditlog's signals, so the audit rows are written here, in its format.
    content_type = ContentType.objects.get_for_model(Employee)
    extra = {"source": "roster_import", "import_job": job_id}
    entries = []
    for employee in plan.create:
        changes = {
            f: ["None", _text(employee.unit.name if f == "unit" else getattr(employee, f))] for f in ROSTER_FIELDS
        }
        changes["employee_no"] = ["None", employee.employee_no]
        entries.append((employee, LogEntry.Action.CREATE, changes))
    for employee, changes in plan.update:
        entries.append((employee, LogEntry.Action.UPDATE, {f: [_text(o), _text(n)] for f, (o, n) in changes.items()}))
    for employee in plan.leave:
        changes = {
            "status": [EmploymentStatus.ACTIVE.value, EmploymentStatus.LEFT.value],
            "left_on": ["None", str(today)],
        }
        if employee._was_member:
            changes["is_member"] = ["True", "False"]
        entries.append((employee, LogEntry.Action.UPDATE, changes))
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(e.pk),
                object_id=e.pk,
                object_repr=str(e),
                action=action,
                changes=changes,
                actor=actor,
                additional_data=extra,
            )
            for e, action, changes in entries
        ],
        batch_size=batch,
    )
    transaction.on_commit(refresh_planner_statistics)
    changed("people")  # bulk writes send no signals
    summary = plan.summary()
    summary["membership_events"] = len(events)
    return summary


def roster_rows(queryset, *, full_id_numbers: bool = False):
    """Rows for the export, in the import's column order, so an export can be edited and re-imported
    (a masked ID number reads back as the person's own)."""
    units = {u.pk: u for u in OrgUnit.objects.all()}
    by_path = {u.path: u for u in units.values()}
    for e in queryset.order_by("employee_no").iterator(chunk_size=2000):
        unit = units[e.unit_id]
        department = unit if unit.kind == UnitKind.DEPARTMENT else by_path.get(unit.path[: -OrgUnit.steplen], unit)
        yield [
            e.employee_no,
            e.name,
            e.get_gender_display(),
            e.id_number if full_id_numbers else e.masked_id_number,
            e.phone,
            department.name,
            unit.name if unit.kind == UnitKind.TEAM else "",
            e.position,
            e.hire_date,
            "是" if e.is_member else "否",
            e.member_since,
            e.member_no,
            e.get_status_display(),
            e.left_on,
        ]


EXPORT_HEADERS = HEADERS
