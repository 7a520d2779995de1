"""A deterministic demo union: a coal-fired power plant's, with its branches, departments,
teams and people. Used by `make run`, the screenshots and the benchmarks (at 50,000)."""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.cache import changed
from gonghui.core.db import insert_from, refresh_planner_statistics
from gonghui.core.demo import DemoPart, register_demo

from .idcard import make_id_number
from .models import (
    STEPLEN,
    Employee,
    EmploymentStatus,
    MembershipEvent,
    MembershipEventKind,
    OrgUnit,
    Role,
    RoleAssignment,
    UnitKind,
)

ROOT_NAME = "华电示范发电有限公司工会"
ROOT_CODE = "HQ"
DEMO_PASSWORD = "Demo@2024"

# branch -> departments -> teams
TREE = [
    ("机关分工会", [("综合办公室", []), ("党群工作部", []), ("人力资源部", []), ("财务部", []), ("计划经营部", [])]),
    ("运行分工会", [("运行部", ["运行一值", "运行二值", "运行三值", "运行四值", "运行五值", "集控班"])]),
    (
        "设备分工会",
        [("设备部", ["锅炉班", "汽机班", "电气班", "热控班"]), ("检修部", ["锅炉检修班", "汽机检修班", "电气检修班"])],
    ),
    ("燃料分工会", [("燃料部", ["输煤一班", "输煤二班", "燃料采制班"])]),
    ("安健环分工会", [("安健环部", []), ("化学部", ["化验班", "水处理班"])]),
    ("多种经营分工会", [("物资供应部", ["仓储班"]), ("后勤服务中心", ["餐饮班", "物业班"])]),
]

# Positions by the unit's own name first (a team), then its department's: a 集控班 worker is a
# 集控值班员, not an accountant.
POSITIONS = {
    "集控": ["值长", "单元长", "集控值班员", "集控巡检员"],
    "运行": ["值长", "主值", "副值", "巡检员"],
    "锅炉检修": ["锅炉检修工", "检修班长", "技术员"],
    "汽机检修": ["汽机检修工", "检修班长", "技术员"],
    "电气检修": ["电气检修工", "继电保护工", "检修班长"],
    "锅炉": ["锅炉点检员", "专责工程师", "班长"],
    "汽机": ["汽机点检员", "专责工程师", "班长"],
    "电气": ["电气点检员", "专责工程师", "班长"],
    "热控": ["热控点检员", "热控工程师", "班长"],
    "检修": ["检修工", "检修班长", "技术员"],
    "设备": ["专责工程师", "点检员"],
    "输煤": ["输煤值班员", "皮带巡检工", "推煤机司机", "班长"],
    "采制": ["采制样工", "化验员"],
    "燃料": ["燃料管理员", "输煤值班员"],
    "化验": ["化验员", "化学分析工"],
    "水处理": ["水处理值班员", "化学分析工"],
    "化学": ["化学专责", "化验员"],
    "安健环": ["安全专责", "环保专责", "职业健康专责"],
    "仓储": ["仓管员", "叉车司机"],
    "物资": ["采购员", "仓管员"],
    "餐饮": ["厨师", "面点师", "配餐员"],
    "物业": ["物业管理员", "电工", "保洁员"],
    "后勤": ["后勤专责", "司机"],
    "财务": ["会计", "出纳", "财务专责"],
    "人力资源": ["人事专责", "薪酬专责", "培训专责"],
    "计划经营": ["计划专责", "经济师", "统计员"],
    "党群": ["党建专责", "宣传专责", "工会干事"],
    "综合办公室": ["文秘", "档案管理员", "行政专责"],
    "default": ["专责", "主管", "科员"],
}

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欣博振海东峰建国庆志坚文彬晨阳"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀英燕玲婷雪琳晶慧颖倩红梅莉兰萍洁琴云凤佳悦婉欣怡蕾月春晓丹"
AREAS = ["370102", "370103", "370202", "370203", "370302", "370602", "370702", "371302", "370811", "371102"]
PHONE_PREFIXES = [
    "133",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "158",
    "159",
    "177",
    "180",
    "186",
    "187",
    "189",
    "199",
]

# (role label, employee number, name, role, scope unit name, home unit name)
FIXED_PEOPLE = [
    ("工会主席", "HD900001", "王建国", Role.CHAIR, None, "党群工作部"),
    ("工会干事", "HD900002", "李秀英", Role.STAFF, None, "党群工作部"),
    ("分工会主席", "HD900003", "张伟", Role.BRANCH_CHAIR, "运行分工会", "集控班"),
    ("部门承办人", "HD900004", "刘洋", Role.HANDLER, "设备部", "设备部"),
    ("职工代表", "HD900005", "陈静", Role.REPRESENTATIVE, "运行部", "运行二值"),
    ("经审委员", "HD900006", "杨帆", Role.AUDITOR, None, "财务部"),
    ("劳动保护监督检查员", "HD900007", "赵磊", Role.INSPECTOR, None, "安健环部"),
    ("公司领导", "HD900008", "周明", Role.LEADER, None, "综合办公室"),
    ("职工", "HD900009", "吴芳", None, None, "运行一值"),
]

# The second, small union on the same deployment: a new-energy company's, with its own office.
SECOND_NAME = "华电示范新能源有限公司工会"
SECOND_CODE = "XNHQ"
SECOND_TREE = [
    ("风电分工会", [("风电运维部", ["风电一班", "风电二班"]), ("检修维护部", [])]),
    ("光伏分工会", [("光伏运维部", ["光伏一班"]), ("综合管理部", [])]),
]
SECOND_PEOPLE = [
    ("工会主席", "XN900001", "钱志远", Role.CHAIR, None, "综合管理部"),
    ("工会干事", "XN900002", "孙丽", Role.STAFF, None, "综合管理部"),
    ("分工会主席", "XN900003", "何军", Role.BRANCH_CHAIR, "风电分工会", "风电一班"),
    ("部门承办人", "XN900004", "郑海", Role.HANDLER, "风电运维部", "风电运维部"),
    ("职工代表", "XN900005", "冯婷", Role.REPRESENTATIVE, "光伏运维部", "光伏一班"),
    ("职工", "XN900006", "吕强", None, None, "风电二班"),
]
SECOND_EMPLOYEES = 100
DEMO_LOGINS = [(label, number, name) for label, number, name, *_ in FIXED_PEOPLE]
SECOND_LOGINS = [(label, number, name) for label, number, name, *_ in SECOND_PEOPLE]


def demo_root() -> OrgUnit:
    """The demo's enterprise union: every record the demo builders make belongs to it."""
    return OrgUnit.objects.get(depth=1, code=ROOT_CODE)


def demo_unions():
    """The demo's own unions: a reset wipes these and nothing else."""
    return OrgUnit.objects.filter(depth=1, code__in=[ROOT_CODE, SECOND_CODE])


def demo_exists() -> bool:
    return OrgUnit.objects.filter(depth=1, code=ROOT_CODE, name=ROOT_NAME).exists()


def wipe_union_people(union: OrgUnit) -> None:
    """The union's accounts, roles, people and units: run last, after every app wiped its records."""
    RoleAssignment.objects.filter(unit__path__startswith=union.path).delete()
    User.objects.filter(employee__unit_path__startswith=union.path).delete()
    MembershipEvent.objects.filter(employee__unit_path__startswith=union.path).delete()
    Employee.objects.filter(unit_path__startswith=union.path).delete()
    # Leaves first: a unit's parent is a protected reference.
    for unit in OrgUnit.objects.filter(path__startswith=union.path).order_by("-depth"):
        unit.delete()
    changed("people")
    changed("units")


def _build_tree(name: str, code: str, path: str, tree) -> tuple[OrgUnit, dict[str, OrgUnit]]:
    units: list[OrgUnit] = []
    prefix = code[:-2]  # "HQ" -> "", "XNHQ" -> "XN": the codes of its units start with it
    root = OrgUnit(name=name, kind=UnitKind.COMPANY, code=code, path=path, depth=1, numchild=len(tree))
    units.append(root)
    for b, (branch_name, departments) in enumerate(tree, start=1):
        branch_path = f"{path}{b:04d}"
        units.append(
            OrgUnit(
                name=branch_name,
                kind=UnitKind.BRANCH,
                code=f"{prefix}B{b:02d}",
                path=branch_path,
                depth=2,
                numchild=len(departments),
                sort_order=b,
            )
        )
        for d, (dept_name, teams) in enumerate(departments, start=1):
            dept_path = f"{branch_path}{d:04d}"
            units.append(
                OrgUnit(
                    name=dept_name,
                    kind=UnitKind.DEPARTMENT,
                    code=f"{prefix}D{b:02d}{d:02d}",
                    path=dept_path,
                    depth=3,
                    numchild=len(teams),
                    sort_order=d,
                )
            )
            for t, team_name in enumerate(teams, start=1):
                units.append(
                    OrgUnit(
                        name=team_name,
                        kind=UnitKind.TEAM,
                        code=f"{prefix}T{b:02d}{d:02d}{t:02d}",
                        path=f"{dept_path}{t:04d}",
                        depth=4,
                        numchild=0,
                        sort_order=t,
                    )
                )
    OrgUnit.objects.bulk_create(units)
    by_name = {u.name: u for u in OrgUnit.objects.filter(path__startswith=path)}
    return by_name[name], by_name


def _positions_for(*names: str) -> list[str]:
    for name in names:
        for key, positions in POSITIONS.items():
            if key in name:
                return positions
    return POSITIONS["default"]


class _People:
    def __init__(self, rng: random.Random, *, member_prefix: str = "HY", taken=()):
        self.rng = rng
        # Phone and ID numbers are unique across the deployment, not only within a union.
        self.phones: set[str] = {phone for phone, _ in taken}
        self.id_numbers: set[str] = {id_number for _, id_number in taken}
        self.member_prefix = member_prefix
        self.seq = 0
        self.today = timezone.localdate()

    def name(self, gender: str) -> str:
        chars = MALE_CHARS if gender == "M" else FEMALE_CHARS
        given = self.rng.choice(chars) + (self.rng.choice(chars) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES[:40] if self.rng.random() < 0.7 else SURNAMES) + given

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def employee(self, number: str, unit: OrgUnit, name: str | None = None, gender: str | None = None) -> Employee:
        rng = self.rng
        self.seq += 1
        gender = gender or ("M" if rng.random() < 0.78 else "F")  # a power plant's workforce
        birth = date(1966, 1, 1) + timedelta(days=rng.randrange(36 * 365))
        hire = min(
            birth + timedelta(days=365 * rng.randint(20, 26) + rng.randrange(365)),
            self.today - timedelta(days=150),
        )
        is_member = rng.random() < 0.96
        member_since = (
            min(hire + timedelta(days=rng.randint(30, 400)), self.today - timedelta(days=30)) if is_member else None
        )
        area = AREAS[self.seq % len(AREAS)]
        order = self.seq
        while (id_number := make_id_number(area, birth, order % 500, gender)) in self.id_numbers:
            order += 1
        self.id_numbers.add(id_number)
        return Employee(
            employee_no=number,
            name=name or self.name(gender),
            gender=gender,
            id_number=id_number,
            birth_date=birth,
            phone=self.phone(),
            unit=unit,
            unit_path=unit.path,
            position=rng.choice(_positions_for(unit.name, getattr(unit, "department_name", ""))),
            hire_date=hire,
            is_member=is_member,
            member_since=member_since,
            member_no=f"{self.member_prefix}{self.seq:07d}" if is_member else "",
        )


def _fixed_people(people: _People, units: dict[str, OrgUnit], specs, *, women, since: date) -> list[Employee]:
    """The demo's named logins, members all: (label, number, name, role, scope, home unit)."""
    fixed = [
        people.employee(number, units[home], name=name, gender="F" if name in women else "M")
        for _, number, name, _, _, home in specs
    ]
    for person in fixed:
        person.is_member, person.member_since = True, person.member_since or since
        person.member_no = person.member_no or f"{people.member_prefix}{people.seq:07d}"
    return fixed


def _record_joins(root: OrgUnit) -> None:
    """Every member of the union joined: the database writes those (50,000) rows itself."""
    insert_from(
        MembershipEvent,
        Employee.objects.filter(unit_path__startswith=root.path, member_since__isnull=False),
        copy={"employee": "pk", "occurred_on": "member_since", "to_unit": "unit"},
        values={"kind": MembershipEventKind.JOIN, "note": "入会"},
    )


@transaction.atomic
def build_demo(*, employees: int = 1200, stdout=None) -> dict:
    started = time.monotonic()
    rng = random.Random(2024)
    today = timezone.localdate()
    root, units = _build_tree(ROOT_NAME, ROOT_CODE, "0001", TREE)
    by_path = {u.path: u for u in units.values()}
    for unit in units.values():
        department = by_path.get(unit.path[: 3 * STEPLEN])
        unit.department_name = department.name if department is not None else ""
    # People sit in teams where a department has them, else in the department.
    homes = [
        u for u in units.values() if u.kind == UnitKind.TEAM or (u.kind == UnitKind.DEPARTMENT and u.numchild == 0)
    ]
    weights = [6 if "运行" in u.name or "值" in u.name else 3 if u.kind == UnitKind.TEAM else 2 for u in homes]
    people = _People(rng)

    fixed = _fixed_people(people, units, FIXED_PEOPLE, women=("李秀英", "陈静", "吴芳"), since=date(2010, 5, 1))
    generated = []
    for i in range(max(employees - len(fixed), 0)):
        person = people.employee(f"HD{100001 + i:06d}", rng.choices(homes, weights)[0])
        roll = rng.random()
        # Some left or retired during the past year (the workbench counts this year's).
        if roll < 0.015:
            person.status, person.left_on = EmploymentStatus.LEFT, today - timedelta(days=rng.randrange(1, 330))
        elif roll < 0.025:
            person.status, person.left_on = EmploymentStatus.RETIRED, today - timedelta(days=rng.randrange(1, 330))
        generated.append(person)
    Employee.objects.bulk_create(fixed + generated, batch_size=2000)  # which sets their ids
    saved = {e.employee_no: e for e in sorted(fixed + generated, key=lambda e: e.employee_no)}

    branches = [u for u in units.values() if u.kind == UnitKind.BRANCH]
    _record_joins(root)
    events = []
    for person in saved.values():
        if not person.member_since:
            continue
        if person.status != EmploymentStatus.ACTIVE:
            person.is_member = False
            events.append(
                MembershipEvent(
                    employee=person,
                    kind=MembershipEventKind.LEAVE,
                    occurred_on=person.left_on,
                    from_unit=person.unit,
                    note="离职/退休，会籍转出",
                )
            )
        elif rng.random() < 0.02:
            other = rng.choice([b for b in branches if not person.unit.path.startswith(b.path)])
            origin = rng.choice([u for u in homes if u.path.startswith(other.path)])
            events.append(
                MembershipEvent(
                    employee=person,
                    kind=MembershipEventKind.TRANSFER,
                    occurred_on=min(person.member_since + timedelta(days=400), today - timedelta(days=60)),
                    from_unit=origin,
                    to_unit=person.unit,
                    note="岗位调动",
                )
            )
    MembershipEvent.objects.bulk_create(events, batch_size=5000)
    Employee.objects.filter(
        unit_path__startswith=root.path, status__in=[EmploymentStatus.LEFT, EmploymentStatus.RETIRED]
    ).update(is_member=False)

    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is deliberately slow
    users = []
    if not User.objects.filter(username="admin").exists():  # the deployment's, kept across a reset
        users.append(
            User(username="admin", is_superuser=True, is_staff=True, password=password, must_change_password=False)
        )
    grants: list[tuple[str, str, OrgUnit]] = []
    for _, number, _, role, scope, _ in FIXED_PEOPLE:
        users.append(User(username=number, employee=saved[number], password=password, must_change_password=False))
        if role:
            grants.append((number, role, units[scope] if scope else root))
    fixed_numbers = {n for _, n, *_ in FIXED_PEOPLE}
    active = [e for e in saved.values() if e.status == EmploymentStatus.ACTIVE and e.employee_no not in fixed_numbers]
    taken = set()

    def pick(unit: OrgUnit) -> Employee | None:
        for person in active:
            if person.unit.path.startswith(unit.path) and person.employee_no not in taken:
                taken.add(person.employee_no)
                return person
        return None

    for branch in branches:
        if branch.name != "运行分工会" and (chair := pick(branch)):
            grants.append((chair.employee_no, Role.BRANCH_CHAIR, branch))
    for dept in (u for u in units.values() if u.kind == UnitKind.DEPARTMENT and u.name != "设备部"):
        if handler := pick(dept):
            grants.append((handler.employee_no, Role.HANDLER, dept))
    for person in rng.sample(active, k=min(len(active), max(employees * 3 // 100, 3))):
        if person.employee_no not in taken:
            taken.add(person.employee_no)
            grants.append(
                (
                    person.employee_no,
                    Role.REPRESENTATIVE,
                    person.unit
                    if person.unit.kind == UnitKind.DEPARTMENT
                    else units_by_path(units, person.unit.path[: 3 * STEPLEN]),
                )
            )
    users += [
        User(username=n, employee=saved[n], password=password, must_change_password=False)
        for n in dict.fromkeys(n for n, _, _ in grants)
        if n not in fixed_numbers
    ]
    User.objects.bulk_create(users, batch_size=2000)
    user_ids = {user.username: user.pk for user in users}
    RoleAssignment.objects.bulk_create([RoleAssignment(user_id=user_ids[n], role=r, unit=u) for n, r, u in grants])

    transaction.on_commit(refresh_planner_statistics)
    changed("people")
    changed("units")
    summary = {
        "units": len(units),
        "branches": len(branches),
        "departments": sum(1 for u in units.values() if u.kind == UnitKind.DEPARTMENT),
        "employees": len(saved),
        "members": Employee.objects.filter(unit_path__startswith=root.path, is_member=True).count(),
        "users": len(users),
        "seconds": round(time.monotonic() - started, 1),
    }
    if stdout is not None:
        stdout.write(
            f"示例工会已生成：{summary['branches']} 个分工会、{summary['departments']} 个部门、共 {summary['units']} 个单位，"
            f"{summary['employees']} 名职工（会员 {summary['members']}），{summary['users']} 个账号，用时 {summary['seconds']} 秒。"
        )
    return summary


@transaction.atomic
def build_second_union(*, employees: int = SECOND_EMPLOYEES) -> OrgUnit:
    """The small second union: its tree, its office and (unless `employees` is 0) its people."""
    rng = random.Random(2025)
    root, units = _build_tree(SECOND_NAME, SECOND_CODE, "0002", SECOND_TREE)
    people = _People(rng, member_prefix="XY", taken=Employee.objects.values_list("phone", "id_number"))
    homes = [
        u for u in units.values() if u.kind == UnitKind.TEAM or (u.kind == UnitKind.DEPARTMENT and u.numchild == 0)
    ]
    fixed = _fixed_people(people, units, SECOND_PEOPLE, women=("孙丽", "冯婷"), since=date(2016, 3, 1))
    generated = (
        [people.employee(f"XN{100001 + i:06d}", rng.choice(homes)) for i in range(max(employees - len(fixed), 0))]
        if employees
        else []
    )
    Employee.objects.bulk_create(fixed + generated)
    _record_joins(root)
    password = make_password(DEMO_PASSWORD)
    by_number = {e.employee_no: e for e in Employee.objects.filter(employee_no__in=[n for _, n, *_ in SECOND_PEOPLE])}
    users = User.objects.bulk_create(
        [
            User(username=number, employee=by_number[number], password=password, must_change_password=False)
            for _, number, *_ in SECOND_PEOPLE
        ]
    )
    user_ids = {user.username: user.pk for user in users}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user_id=user_ids[number], role=role, unit=units[scope] if scope else root)
            for _, number, _, role, scope, _ in SECOND_PEOPLE
            if role
        ]
    )
    changed("people")
    changed("units")
    return root


def units_by_path(units: dict[str, OrgUnit], path: str) -> OrgUnit:
    return next(u for u in units.values() if u.path == path)


register_demo(DemoPart(app="org", order=0, wipe=wipe_union_people))
