"""The demo year's events: associations with members, past activities, study sessions, cadre
training and health lectures with attendance (so coverage has something to show), the three
venues with bookings, study plans with the plan's books, and upcoming events — one full."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.services import accounts_for
from gonghui.core.demo import DemoPart, register_demo
from gonghui.events.models import Event, GroupMember, Registration
from gonghui.events.services import event_create
from gonghui.org.demo import demo_root
from gonghui.org.models import Employee, EmploymentStatus, OrgUnit, Role, UnitKind
from gonghui.study.models import Material, StudyPlan
from gonghui.venues.models import Booking, Series, Venue

from .models import Association
from .services import association_create

BOOKS = [
    ("习近平谈治国理政", "习近平", "book"),
    ("习近平新时代中国特色社会主义思想三十讲", "中共中央宣传部", "book"),
    ("党的十九大报告", "中国共产党第十九次全国代表大会", "document"),
    ("中国工会十七大报告", "中华全国总工会", "document"),
    ("中华人民共和国工会法", "全国人民代表大会常务委员会", "document"),
    ("劳动合同法实务问答", "法律出版社", "book"),
]
ASSOCIATIONS = [
    ("羽毛球协会", "羽毛球"),
    ("登山协会", "登山"),
    ("摄影协会", "摄影"),
    ("读书会", "读书"),
    ("乒乓球协会", "乒乓球"),
]
# (kind, category, title, hours, share of the audience that came, month, day): each on the day
# of the year it belongs to (a spring hike in April), in the past twelve months.
PAST = [
    ("study", "theory", "学习《习近平谈治国理政》专题研讨", 3, 0.25, 3, 15),
    ("lecture", "health", "健康大讲堂：颈椎与腰椎保健", 1.5, 0.15, 3, 28),
    ("activity", "hiking", "春季登山比赛", 4, 0.35, 4, 12),
    ("activity", "reading", "“书香电厂”世界读书日分享会", 2, 0.06, 4, 23),
    ("activity", "badminton", "“迎五一”羽毛球团体赛", 3, 0.12, 4, 27),
    ("lecture", "health", "健康大讲堂：夏季防暑与急救", 1.5, 0.12, 6, 20),
    ("activity", "table_tennis", "乒乓球混双比赛", 2, 0.08, 7, 5),
    ("study", "policy", "学习中国工会十七大报告", 2, 0.2, 7, 10),
    ("cadre_training", "business", "“学理论、提素质”工会干部培训班", 8, 0.03, 9, 8),
    ("activity", "photography", "“美丽电厂”摄影展", 2, 0.1, 9, 26),
]
# What comes up next, by the season it falls in.
UPCOMING_OUTDOOR = {
    "winter": ("walking", "“迎新春”健步走", "厂区环湖步道"),
    "spring": ("hiking", "春季登山健步行", "东山森林公园"),
    "summer": ("walking", "夏夜健步走", "厂区环湖步道"),
    "autumn": ("hiking", "秋季登山健步行", "东山森林公园"),
}
UPCOMING_LECTURE = {
    "winter": "健康大讲堂：冬季心脑血管疾病预防",
    "spring": "健康大讲堂：春季过敏与呼吸道疾病",
    "summer": "健康大讲堂：夏季防暑降温与急救",
    "autumn": "健康大讲堂：秋季养生与慢病管理",
}


def _season(day: date) -> str:
    return {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring"}.get(
        day.month, "summer" if day.month <= 8 else "autumn"
    )


def _in_past_year(month: int, day: int, today: date) -> date:
    this_year = date(today.year, month, day)
    return this_year if this_year < today else date(today.year - 1, month, day)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


@transaction.atomic
def build_demo_events(*, seed: int = 2024) -> dict:
    rng = random.Random(seed)
    today = timezone.localdate()
    staff = User.objects.get(username="HD900002")
    root = demo_root()
    # Everybody who attends needs a login; most employees in the demo have never logged in.
    # Ids and where each works, not objects: a whole union's attendances are written below.
    people = list(
        accounts_for(Employee.objects.filter(status=EmploymentStatus.ACTIVE))
        .order_by("pk")
        .values_list("pk", "employee__unit_path")
    )
    ids = [pk for pk, _ in people]
    associations = []
    for name, category in ASSOCIATIONS:
        leader = User.objects.get(pk=rng.choice(ids))
        association = association_create(actor=staff, name=name, category=category, leaders=[leader])
        association.description = f"{name}每月至少组织一次活动，欢迎爱好{category}的职工加入。"
        association.founded_on = date(today.year - rng.randint(2, 8), 3, 1)
        association.save()
        GroupMember.objects.bulk_create(
            [GroupMember(group=association.group, user_id=pk) for pk in rng.sample(ids, 25) if pk != leader.pk],
            ignore_conflicts=True,
        )
        associations.append(association)

    hall = Venue.objects.create(
        union=root,
        name="职工大讲堂",
        kind="hall",
        unit=root,
        place="综合楼一楼报告厅",
        capacity=150,
        description="健康讲座、法律讲座、道德讲堂的固定场所。",
    )
    Venue.objects.create(
        union=root,
        name="锅炉专业创新工作室",
        kind="innovation",
        unit=OrgUnit.objects.get(name="设备部"),
        place="检修楼三楼",
        capacity=20,
        description="职工“五小”创新成果孵化、技术攻关。",
    )
    Venue.objects.create(
        union=root,
        name="阳光工作室",
        kind="sunshine",
        unit=root,
        place="综合楼二楼",
        capacity=10,
        description="职工心理疏导、谈心谈话、困难帮扶接待。",
    )
    health = Series.objects.create(
        title="健康大讲堂", venue=hall, description="每季度邀请医院专家讲解职工常见健康问题。"
    )
    materials = [Material.objects.create(union=root, title=t, author=a, kind=k) for t, a, k in BOOKS]
    plans = [
        StudyPlan.objects.create(union=root, title=title, year=today.year, month=month, unit=root, content=content)
        for title, month, content in [
            (
                "深入学习习近平新时代中国特色社会主义思想",
                3,
                "结合《习近平谈治国理政》《三十讲》开展专题研讨，各分工会组织学习不少于 2 次。",
            ),
            ("学习贯彻中国工会十七大精神", 6, "学习中国工会十七大报告，结合工会工作谈体会。"),
            ("工会干部“学理论、提素质”", 9, "专兼职工会干部集中培训，学习工会法和劳动法律法规。"),
        ]
    ]
    plans[0].materials.set(materials[:3])
    plans[1].materials.set(materials[3:4])
    plans[2].materials.set(materials[4:])

    made = 0
    for i, (kind, category, title, hours, share, month, dom) in enumerate(PAST):
        day = _in_past_year(month, dom, today)
        organiser = root if i % 3 else OrgUnit.objects.filter(kind=UnitKind.BRANCH)[i % 6]
        group = associations[i % len(associations)] if kind == "activity" and i % 2 else None
        event = event_create(
            actor=staff,
            kind=kind,
            category=category,
            title=title,
            organiser=organiser,
            group=group.group if group else None,
            starts_at=_at(today + timedelta(days=1), 9),
            ends_at=_at(today + timedelta(days=1), 9 + int(hours + 0.5)),
            place=hall.name if kind == "lecture" else "公司职工活动中心",
            audience="role" if kind == "cadre_training" else ("unit" if organiser != root else "all"),
            audience_unit=organiser if organiser != root else None,
            audience_role=Role.BRANCH_CHAIR if kind == "cadre_training" else "",
            needs_signup=kind == "activity",
            hours=hours,
        )
        made += 1
        if kind == "cadre_training":
            audience = list(
                User.objects.filter(role_assignments__isnull=False, employee__isnull=False)
                .distinct()
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        else:
            audience = [pk for pk, path in people if path.startswith(organiser.path)]
        attendees = rng.sample(audience, k=max(1, int(len(audience) * (0.6 if kind == "cadre_training" else share))))
        Registration.objects.bulk_create(
            [
                Registration(
                    event=event,
                    user_id=pk,
                    state="registered",
                    attended=True,
                    hours=hours,
                    checked_in_by=staff,
                    checked_in_at=_at(day, 9),
                )
                for pk in attendees
            ],
            batch_size=5000,
        )
        shift = _at(today + timedelta(days=1), 9) - _at(day, 9)
        Event.objects.filter(pk=event.pk).update(starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift)
        if kind == "lecture":
            health.lectures.add(event)
            Booking.objects.create(
                venue=hall,
                title=title,
                event=event,
                booked_by=staff,
                starts_at=_at(day, 9),
                ends_at=_at(day, 11),
            )
        if kind in ("study", "cadre_training"):
            plans[{"theory": 0, "policy": 1}.get(category, 2)].sessions.add(event)

    # Upcoming: one already full with a waiting list, one open, a lecture booked in the hall.
    soon = today + timedelta(days=6)
    full = event_create(
        actor=staff,
        kind="activity",
        category="badminton",
        title="周末羽毛球友谊赛",
        organiser=root,
        group=associations[0].group,
        starts_at=_at(soon, 14),
        ends_at=_at(soon, 17),
        place="职工活动中心羽毛球馆",
        capacity=8,
        hours=3,
    )
    for n, pk in enumerate(rng.sample(ids, 11)):
        Registration.objects.create(
            event=full,
            user_id=pk,
            state="registered" if n < 8 else "waiting",
            queued_at=None if n < 8 else timezone.now() + timedelta(seconds=n),
        )
    outing = soon + timedelta(days=7)
    category, title, place = UPCOMING_OUTDOOR[_season(outing)]
    event_create(
        actor=staff,
        kind="activity",
        category=category,
        title=title,
        organiser=root,
        starts_at=_at(outing, 8),
        ends_at=_at(outing, 12),
        place=place,
        capacity=120,
        hours=4,
    )
    lecture = event_create(
        actor=staff,
        kind="lecture",
        category="health",
        title=UPCOMING_LECTURE[_season(soon + timedelta(days=3))],
        organiser=root,
        starts_at=_at(soon + timedelta(days=3), 15),
        ends_at=_at(soon + timedelta(days=3), 17),
        place=f"{hall.name}（{hall.place}）",
        capacity=150,
        hours=1.5,
    )
    health.lectures.add(lecture)
    Booking.objects.create(
        venue=hall,
        title=lecture.title,
        event=lecture,
        booked_by=staff,
        starts_at=lecture.starts_at,
        ends_at=lecture.ends_at,
    )
    Booking.objects.create(
        venue=hall,
        title="三届五次职代会预备会议",
        booked_by=staff,
        starts_at=_at(soon + timedelta(days=10), 9),
        ends_at=_at(soon + timedelta(days=10), 11),
    )
    return {"events": made + 3, "associations": len(associations)}


def _build(union) -> str:
    made = build_demo_events()
    return f"示例活动 {made['events']} 项、文体协会 {made['associations']} 个、阵地 3 处。"


def build_small_events(union) -> str:
    """The second union's one coming activity, with a few signed up."""
    staff = User.objects.get(username="XN900002")
    start = timezone.localdate() + timedelta(days=9)
    event = event_create(
        actor=staff,
        kind="activity",
        category="walking",
        title="风光场站职工健步走",
        organiser=union,
        starts_at=_at(start, 9),
        ends_at=_at(start, 11),
        place="光伏场站环湖步道",
        needs_signup=True,
        capacity=40,
        hours=2,
    )
    first = Employee.objects.filter(unit_path__startswith=union.path).order_by("pk").values("pk")[:12]
    for user in accounts_for(Employee.objects.filter(pk__in=first)):
        Registration.objects.create(event=event, user=user, state=Registration.State.REGISTERED)
    return "第二工会示例活动 1 项。"


def _wipe(union) -> None:
    Association.objects.filter(union=union).delete()


register_demo(DemoPart(app="activities", order=60, build=_build, build_small=build_small_events, wipe=_wipe))
