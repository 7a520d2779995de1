"""Builders for test data: real rows through the real models, no mocks."""

from __future__ import annotations

import itertools
from datetime import date

from gonghui.accounts.models import User
from gonghui.org.idcard import make_id_number
from gonghui.org.models import Employee, OrgUnit, RoleAssignment, UnitKind

PASSWORD = "Test-passw0rd"
_seq = itertools.count(1)


def make_root(name: str = "测试发电有限公司工会", code: str = "HQ") -> OrgUnit:
    return OrgUnit.objects.add_root({"name": name, "kind": UnitKind.COMPANY, "code": code})


def make_unit(parent: OrgUnit, name: str, kind: str, code: str | None = None) -> OrgUnit:
    parent.refresh_from_db()
    return OrgUnit.objects.add_child(parent, {"name": name, "kind": kind, "code": code or f"U{next(_seq):04d}"})


def make_employee(unit: OrgUnit, name: str, employee_no: str | None = None, **extra) -> Employee:
    n = next(_seq)
    birth = extra.pop("birth_date", date(1985, 1 + n % 12, 1 + n % 28))
    gender = extra.pop("gender", "M" if n % 2 else "F")
    defaults = dict(
        employee_no=employee_no or f"T{n:05d}",
        name=name,
        gender=gender,
        birth_date=birth,
        id_number=extra.pop("id_number", None) or make_id_number("110101", birth, n % 1000, gender),
        phone=f"139{n:08d}",
        unit=unit,
        is_member=True,
        member_since=date(2015, 3, 1),
    )
    defaults.update(extra)
    return Employee.objects.create(**defaults)


def make_user(employee: Employee | None = None, *roles: tuple[str, OrgUnit], username: str | None = None) -> User:
    user = User.objects.create_user(
        username=username or employee.employee_no, password=PASSWORD, employee=employee, must_change_password=False
    )
    for role, unit in roles:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user
