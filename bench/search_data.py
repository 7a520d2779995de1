"""Fills a bench database for search: `python bench/search_data.py CASES PEOPLE OTHERS`.

Appeals with titles and bodies written from a power plant's everyday complaints (so words
recur as they do: 食堂 in a tenth of them), people up to PEOPLE with names drawn from common
surnames and given names, and OTHERS news articles, activities and study materials. Written in
bulk; the index is built afterwards by `rebuild_search`, which the benchmark times.
"""

import random
import sys
from datetime import date, timedelta

from cases_data import _flush  # sets Django up, so before the imports below  # isort: skip

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.cases.models import Case, CaseCounter
from gonghui.core.db import refresh_planner_statistics
from gonghui.events.models import Event
from gonghui.news.models import Article
from gonghui.org.demo import demo_root
from gonghui.org.idcard import make_id_number
from gonghui.org.models import Employee, OrgUnit, UnitKind
from gonghui.study.models import Material

SUBJECTS = [
    "职工食堂",
    "夜班补贴",
    "加班费",
    "住房公积金",
    "劳保用品",
    "通勤班车",
    "倒班宿舍",
    "年休假",
    "体检",
    "集控室照明",
    "锅炉检修",
    "输煤皮带",
    "高温津贴",
    "工作服",
    "职工书屋",
    "浴室热水",
    "停车场",
    "绩效考核",
    "岗位工资",
    "技能培训",
]
PROBLEMS = [
    "长期得不到解决",
    "标准多年未调整",
    "发放不及时",
    "质量太差",
    "数量不够",
    "安排不合理",
    "存在安全隐患",
    "价格偏高",
    "距离太远",
    "没有按规定执行",
]
DETAILS = [
    "我们班组反映多次，",
    "去年已经提过一次，",
    "夜班下班后，",
    "检修高峰期间，",
    "夏季高温时，",
    "据了解兄弟单位早已解决，",
    "新入职的同事尤其困难，",
    "部门答复说正在研究，",
]
WISHES = [
    "希望工会协调有关部门尽快解决。",
    "建议参照集团标准执行。",
    "请工会督促落实并给予答复。",
    "希望能够增加投入，改善条件。",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏建国志鑫宇浩然欣怡子涵思远晨阳海波立新春梅"


def _text(rng) -> tuple[str, str]:
    subject, problem = rng.choice(SUBJECTS), rng.choice(PROBLEMS)
    body = "".join(
        [
            rng.choice(DETAILS),
            subject,
            problem,
            "。",
            rng.choice(DETAILS),
            "涉及",
            rng.choice(SUBJECTS),
            "和",
            rng.choice(SUBJECTS),
            "等方面，",
            rng.choice(WISHES),
        ]
    )
    return f"{subject}{problem}", body * 2


def main(cases: int, people: int, others: int) -> None:
    rng = random.Random(11)
    now = timezone.now()
    year = timezone.localdate().year
    root = demo_root()
    departments = list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, path__startswith=root.path))
    teams = list(OrgUnit.objects.filter(kind=UnitKind.TEAM, path__startswith=root.path)) or departments
    staff = User.objects.get(username="HD900002")
    with transaction.atomic():
        have = Employee.objects.count()
        Employee.objects.bulk_create(
            [
                Employee(
                    employee_no=f"S{n:06d}",
                    name=rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))),
                    gender="M",
                    # A birthday per 12,000 people and a sequence number past that: unique.
                    id_number=make_id_number("120101", date(1965, 1, 1) + timedelta(days=n % 12000), n // 12000, "M"),
                    birth_date=date(1965, 1, 1) + timedelta(days=n % 12000),
                    phone=f"199{n:08d}",
                    unit=(unit := rng.choice(teams)),
                    unit_path=unit.path,
                )
                for n in range(max(0, people - have))
            ],
            batch_size=5000,
        )
        requesters = list(User.objects.filter(employee__unit_path__startswith=root.path).values_list("pk", flat=True))
        Case.objects.filter(kind="appeal", union_id=root.pk).delete()
        batch, seq = [], 0
        for _ in range(cases):
            seq += 1
            state = rng.choice(["submitted", "assigned", "processing", "answered", "closed", "closed", "closed"])
            created = now - timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
            dept = rng.choice(departments) if state != "submitted" else None
            title, body = _text(rng)
            case = Case(
                union_id=root.pk,
                kind="appeal",
                number=f"SQ-{year}-{seq:06d}",
                title=title,
                body=body,
                category=rng.choice(["wages", "welfare", "safety", "other"]),
                requester_id=rng.choice(requesters),
                anonymous=rng.random() < 0.1,
                state=state,
                lead_unit=dept,
                due_at=created + timedelta(days=7) if dept else None,
                answered_at=created + timedelta(days=3) if state in ("answered", "closed") else None,
                closed_at=created + timedelta(days=5) if state == "closed" else None,
            )
            case._dept = dept
            batch.append(case)
            if len(batch) == 5000:
                _flush(batch, [])
                batch = []
        _flush(batch, [])
        CaseCounter.objects.update_or_create(union_id=root.pk, kind="appeal", year=year, defaults={"last": seq})
        third = others // 3
        Article.objects.bulk_create(
            [
                Article(
                    union=root,
                    title=(t := _text(rng))[0] + "情况通报",
                    body=t[1],
                    author=staff,
                    published_at=now - timedelta(days=rng.randrange(1000)),
                )
                for _ in range(others - 2 * third)
            ],
            batch_size=2000,
        )
        Event.objects.bulk_create(
            [
                Event(
                    union=root,
                    kind="activity",
                    title=f"{rng.choice(SUBJECTS)}主题活动",
                    description=_text(rng)[1],
                    organiser=rng.choice(departments),
                    starts_at=(s := now - timedelta(days=rng.randrange(1000))),
                    ends_at=s + timedelta(hours=2),
                    created_by=staff,
                )
                for _ in range(third)
            ],
            batch_size=2000,
        )
        Material.objects.bulk_create(
            [
                Material(
                    union=root, title=f"{rng.choice(SUBJECTS)}知识读本（第{n}册）", author="工会", note=_text(rng)[1]
                )
                for n in range(third)
            ],
            batch_size=2000,
        )
    refresh_planner_statistics()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:4]))
