"""A small union with named people, shared by the whole suite.

公司工会
├── 机关分工会 ── 党群工作部
├── 运行分工会 ── 运行部 ── 运行一值, 运行二值
└── 设备分工会 ── 设备部 ── 锅炉班
                 └ 燃料部

People: 王主席 (chair), 李干事 (staff), 张分会 (运行分工会 chair), 刘承办 (设备部 handler),
陈代表 (representative), 吴职工 (an employee in 运行一值), 孙外人 (an employee of 燃料部,
outside 张分会's branch), 周领导 (company leadership).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gonghui.org.models import Role, UnitKind
from tests.factories import make_employee, make_root, make_unit, make_user


@dataclass
class Union:
    root: object
    office_branch: object
    office_dept: object
    run_branch: object
    equip_branch: object
    run_dept: object
    equip_dept: object
    fuel_dept: object
    shift1: object
    shift2: object
    boiler_team: object
    chair: object
    staff: object
    branch_chair: object
    handler: object
    representative: object
    employee: object
    outsider: object
    leader: object

    def users(self) -> dict[str, object]:
        return {
            "chair": self.chair,
            "staff": self.staff,
            "branch_chair": self.branch_chair,
            "handler": self.handler,
            "representative": self.representative,
            "employee": self.employee,
            "outsider": self.outsider,
            "leader": self.leader,
        }


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def union(db) -> Union:
    root = make_root()
    office_branch = make_unit(root, "机关分工会", UnitKind.BRANCH, "B-OFF")
    office_dept = make_unit(office_branch, "党群工作部", UnitKind.DEPARTMENT, "D-OFF")
    run_branch = make_unit(root, "运行分工会", UnitKind.BRANCH, "B-RUN")
    equip_branch = make_unit(root, "设备分工会", UnitKind.BRANCH, "B-EQ")
    run_dept = make_unit(run_branch, "运行部", UnitKind.DEPARTMENT, "D-RUN")
    equip_dept = make_unit(equip_branch, "设备部", UnitKind.DEPARTMENT, "D-EQ")
    fuel_dept = make_unit(equip_branch, "燃料部", UnitKind.DEPARTMENT, "D-FUEL")
    shift1 = make_unit(run_dept, "运行一值", UnitKind.TEAM, "T-RUN1")
    shift2 = make_unit(run_dept, "运行二值", UnitKind.TEAM, "T-RUN2")
    boiler = make_unit(equip_dept, "锅炉班", UnitKind.TEAM, "T-BOIL")
    for unit in (
        root,
        office_branch,
        office_dept,
        run_branch,
        equip_branch,
        run_dept,
        equip_dept,
        fuel_dept,
        shift1,
        shift2,
        boiler,
    ):
        unit.refresh_from_db()

    def person(unit, name, no, *roles):
        return make_user(make_employee(unit, name, no), *roles)

    return Union(
        root=root,
        office_branch=office_branch,
        office_dept=office_dept,
        run_branch=run_branch,
        equip_branch=equip_branch,
        run_dept=run_dept,
        equip_dept=equip_dept,
        fuel_dept=fuel_dept,
        shift1=shift1,
        shift2=shift2,
        boiler_team=boiler,
        chair=person(office_dept, "王主席", "H0001", (Role.CHAIR, root)),
        staff=person(office_dept, "李干事", "H0002", (Role.STAFF, root)),
        branch_chair=person(run_dept, "张分会", "H0003", (Role.BRANCH_CHAIR, run_branch)),
        handler=person(equip_dept, "刘承办", "H0004", (Role.HANDLER, equip_dept)),
        representative=person(shift2, "陈代表", "H0005", (Role.REPRESENTATIVE, run_dept)),
        employee=person(shift1, "吴职工", "H0006"),
        outsider=person(fuel_dept, "孙外人", "H0007"),
        leader=person(office_dept, "周领导", "H0008", (Role.LEADER, root)),
    )


@pytest.fixture
def login(client):
    """Log a test client in as a user, with the suite's password hasher."""

    def _login(user):
        client.force_login(user, backend="gonghui.accounts.backends.EmployeeNumberOrPhoneBackend")
        return client

    return _login
