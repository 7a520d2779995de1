"""The demo catalogue from the plan's task 8 — company-level 三公经费, 生产经营, 安全管理, 招投标,
岗位竞聘, 工资调整; department and team 考核, 奖金分配, 评比先进 — with the year's disclosures
published on time, late or still owed, read, and questioned."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.services import accounts_for
from gonghui.cases.demo import backdate, wipe_cases
from gonghui.cases.services import case_act, case_rate
from gonghui.core.demo import DemoPart, register_demo
from gonghui.org.demo import demo_root
from gonghui.org.models import Employee, EmploymentStatus, OrgUnit, Role, RoleAssignment

from .models import Category, Disclosure, Frequency, Item, Level, Question, Read, State
from .services import make_due, question_ask

CATEGORIES = [
    "三公经费",
    "生产经营",
    "安全管理",
    "招投标",
    "岗位竞聘",
    "工资调整",
    "考核",
    "奖金分配",
    "评比先进",
    "福利费使用",
]

BONUS_TABLE = "姓名\t岗位\t考核得分\t奖金系数\t月度奖金（元）\n{rows}"


def _bonus_rows(rng, names) -> str:
    return "\n".join(
        f"{n}\t{rng.choice(['值长', '主值', '副值', '巡检员'])}\t{rng.randint(88, 100)}\t{rng.choice(['1.0', '1.1', '1.2'])}\t{rng.randint(1800, 2600)}"
        for n in names
    )


@transaction.atomic
def build_demo_disclosure(*, seed: int = 2024) -> int:
    rng = random.Random(seed)
    today = timezone.localdate()
    staff = User.objects.get(username="HD900002")
    categories = {
        name: Category.objects.create(union=demo_root(), name=name, order=i) for i, name in enumerate(CATEGORIES)
    }
    root = demo_root()
    units = {u.name: u for u in OrgUnit.objects.all()}
    items = [
        Item(
            union=root,
            title="“三公”经费使用情况",
            category=categories["三公经费"],
            level=Level.COMPANY,
            frequency=Frequency.QUARTERLY,
            unit=units["财务部"],
            audience=root,
        ),
        Item(
            union=root,
            title="月度生产经营情况",
            category=categories["生产经营"],
            level=Level.COMPANY,
            frequency=Frequency.MONTHLY,
            unit=units["计划经营部"],
            audience=root,
        ),
        Item(
            union=root,
            title="安全生产情况通报",
            category=categories["安全管理"],
            level=Level.COMPANY,
            frequency=Frequency.MONTHLY,
            unit=units["安健环部"],
            audience=root,
        ),
        Item(
            union=root,
            title="物资与工程招投标结果",
            category=categories["招投标"],
            level=Level.COMPANY,
            frequency=Frequency.EVENT,
            unit=units["物资供应部"],
            audience=root,
        ),
        Item(
            union=root,
            title="岗位竞聘方案与结果",
            category=categories["岗位竞聘"],
            level=Level.COMPANY,
            frequency=Frequency.EVENT,
            unit=units["人力资源部"],
            audience=root,
        ),
        Item(
            union=root,
            title="年度工资调整方案",
            category=categories["工资调整"],
            level=Level.COMPANY,
            frequency=Frequency.YEARLY,
            unit=units["人力资源部"],
            audience=root,
        ),
        Item(
            union=root,
            title="运行部月度绩效考核结果",
            category=categories["考核"],
            level=Level.DEPARTMENT,
            frequency=Frequency.MONTHLY,
            unit=units["运行部"],
            audience=units["运行部"],
        ),
        Item(
            union=root,
            title="设备部月度绩效考核结果",
            category=categories["考核"],
            level=Level.DEPARTMENT,
            frequency=Frequency.MONTHLY,
            unit=units["设备部"],
            audience=units["设备部"],
        ),
        Item(
            union=root,
            title="运行一值月度奖金分配",
            category=categories["奖金分配"],
            level=Level.TEAM,
            frequency=Frequency.MONTHLY,
            unit=units["运行一值"],
            audience=units["运行一值"],
        ),
        Item(
            union=root,
            title="运行二值月度奖金分配",
            category=categories["奖金分配"],
            level=Level.TEAM,
            frequency=Frequency.MONTHLY,
            unit=units["运行二值"],
            audience=units["运行二值"],
        ),
        Item(
            union=root,
            title="锅炉班月度奖金分配",
            category=categories["奖金分配"],
            level=Level.TEAM,
            frequency=Frequency.MONTHLY,
            unit=units["锅炉班"],
            audience=units["锅炉班"],
        ),
        Item(
            union=root,
            title="年度先进评选推荐结果",
            category=categories["评比先进"],
            level=Level.DEPARTMENT,
            frequency=Frequency.YEARLY,
            unit=units["运行部"],
            audience=units["运行部"],
        ),
    ]
    items = Item.objects.bulk_create(items)
    handlers = {
        a.unit.path: a.user
        for a in RoleAssignment.objects.filter(role__in=[Role.HANDLER, Role.BRANCH_CHAIR]).select_related(
            "unit", "user"
        )
    }

    def publisher(unit):
        best = [path for path in handlers if unit.path.startswith(path)]
        return handlers[max(best, key=len)] if best else staff

    # Readers need a login: open one (without a password) for everybody, as the events do.
    accounts_for(Employee.objects.filter(status=EmploymentStatus.ACTIVE))
    made = 0
    for item in items:
        if item.frequency == Frequency.EVENT:
            continue
        months = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}[item.frequency]
        for back in range(0, 7 if months == 1 else 3):
            day = today - timedelta(days=30 * months * back)
            disclosure = make_due(item, day)
            made += 1
            if disclosure.due_on >= today or (
                back == 1 and item.level == Level.DEPARTMENT and item.unit.name == "设备部"
            ):
                continue  # still owed: this month's, and one overdue one for the board
            late = rng.random() < 0.15
            published = (
                disclosure.due_on + timedelta(days=rng.randint(1, 6))
                if late
                else disclosure.due_on - timedelta(days=rng.randint(0, 8))
            )
            names = list(Employee.objects.in_subtree(item.audience).values_list("name", flat=True)[:8])
            Disclosure.objects.filter(pk=disclosure.pk).update(
                state=State.PUBLISHED,
                body=f"现将{disclosure.period}{item.title}公开如下，如有疑问请在下方提出或向本单位负责人反映。",
                table=[row.split("\t") for row in BONUS_TABLE.format(rows=_bonus_rows(rng, names)).splitlines()]
                if item.category.name == "奖金分配" and names
                else [],
                published_at=timezone.make_aware(datetime.combine(published, time(9, 0))),
                publish_until=today + timedelta(days=30 - back * 5) if back <= 2 else published + timedelta(days=30),
                published_by=publisher(item.unit),
                reminded_at=timezone.now(),
            )
            _reads(disclosure.pk, item.audience.path, share=rng.randint(40, 90))
    _demo_questions(publisher)
    return made


def _reads(disclosure_id: int, audience_path: str, *, share: int) -> None:
    """Read receipts from `share` per cent of the audience's accounts, written by the database
    in one statement (a 50,000-person union's reads would take minutes as objects). The choice
    of readers is a fixed hash of the user id, so the demo is the same on every run."""
    from django.db import connection

    read, user, employee = Read._meta.db_table, User._meta.db_table, Employee._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {read} (disclosure_id, user_id, read_at) "
            f"SELECT %s, u.id, %s FROM {user} u JOIN {employee} e ON e.id = u.employee_id "
            f"WHERE u.is_active AND e.unit_path >= %s AND e.unit_path <= %s AND (u.id * 7919 + %s) %% 100 < %s",
            [
                disclosure_id,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                audience_path,
                audience_path + "Z" * (255 - len(audience_path)),
                disclosure_id,
                share,
            ],
        )


def _demo_questions(publisher) -> None:
    asker = User.objects.get(username="HD900009")  # 吴芳, 运行一值
    bonus = Disclosure.objects.filter(item__title="运行一值月度奖金分配", state=State.PUBLISHED).order_by("-due_on")
    questions = [
        ("夜班加班是否计入考核得分？", "本月我上了 8 个夜班，考核得分和白班同事一样，想了解计分规则。", False, True),
        ("奖金系数 1.2 的标准是什么？", "希望公开奖金系数的评定标准。", True, False),
    ]
    for disclosure, (title, body, anonymous, answered) in zip(bonus, questions, strict=False):
        Disclosure.objects.filter(pk=disclosure.pk).update(publish_until=timezone.localdate() + timedelta(days=20))
        disclosure.refresh_from_db()
        case = question_ask(actor=asker, disclosure=disclosure, title=title, body=body, anonymous=anonymous)
        if answered:
            handler = publisher(disclosure.unit)
            case = case_act(
                actor=handler,
                case=case,
                transition="answer",
                version=case.version,
                text="夜班按 1.1 倍计入出勤得分，本月考核表已按规则计算；详细规则见运行部考核办法第五条。",
            )
            Question.objects.filter(pk=case.pk).update(answer_public=True)
            case = case_rate(actor=asker, case=case, rating="satisfied", version=case.version)
        # Asked a couple of days after the disclosure went up, answered in the days after.
        asked = disclosure.published_at + timedelta(days=2, hours=3)
        backdate(case, asked, random.Random(case.pk))


def _build(union) -> str:
    return f"示例厂务公开：目录 12 项、公开任务 {build_demo_disclosure()} 项。"


def _wipe(union) -> None:
    wipe_cases(union, "disclosure_question")
    for model in (Disclosure, Item, Category):
        model.objects.filter(union=union).delete()


register_demo(DemoPart(app="disclosure", order=50, build=_build, wipe=_wipe))
