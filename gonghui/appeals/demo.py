"""Demo appeals and news, so the appeal pages, the to-do lists and the statistics look lived in."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.cases.models import Case, CaseEvent
from gonghui.cases.services import case_act, case_open, case_rate
from gonghui.news.models import Article
from gonghui.org.models import OrgUnit, RoleAssignment, UnitKind

APPEALS = [
    ("wages", "夜班补贴标准多年未调整", "夜班补贴还是 2016 年的标准，希望按现行物价调整。", "设备部"),
    ("wages", "三月份加班费核算有误", "三月加班 20 小时，工资条只算了 12 小时。", "人力资源部"),
    ("social_insurance", "公积金缴存基数未按工资调整", "今年工资调整后公积金基数没有变化。", "财务部"),
    ("safety", "锅炉房零米层通道照明损坏", "通道照明坏了一周，夜班巡检看不清，存在安全隐患。", "设备部"),
    ("safety", "输煤栈桥除尘效果差", "二号输煤栈桥粉尘大，除尘器需要检修。", "燃料部"),
    ("welfare", "食堂夜班餐品种单一", "夜班餐基本只有面条，希望增加品种。", "后勤服务中心"),
    ("welfare", "职工宿舍热水供应不稳定", "宿舍楼晚上十点后经常没有热水。", "后勤服务中心"),
    ("legal", "劳动合同到期续签咨询", "合同明年到期，想了解续签无固定期限合同的条件。", None),
    ("legal", "工伤认定流程咨询", "检修时手部受伤，想了解工伤认定需要哪些材料。", None),
    ("other", "希望增加羽毛球场地开放时间", "周末场地常被占满，希望延长开放时间。", "党群工作部"),
    ("union_conduct", "工会活动报名名单不公开", "上次疗休养报名结果没有公示。", None),
    ("safety", "化学车间洗眼器无水", "化验班洗眼器检查发现无水。", "化学部"),
]
ANSWERS = [
    "已核实情况，相关问题已于本周内整改完毕，感谢您的反映。",
    "经研究，将在下月起按新标准执行，具体通知另行发布。",
    "已安排专人处理，并建立定期检查制度，避免类似问题再次发生。",
]
NEWS = [
    ("policy", "2024 年职工医疗互助保障活动开始参保", "今年职工医疗互助保障活动即日起开始参保登记……"),
    ("news", "公司工会召开三届二次职工代表大会", "会议审议通过了《集体合同》续签草案和提案处理情况报告……"),
    ("legal", "劳动合同法知识：加班费如何计算", "用人单位安排加班的，应按下列标准支付加班费……"),
    ("news", "“安康杯”知识竞赛圆满结束", "运行部代表队获得一等奖……"),
]


@transaction.atomic
def build_demo_cases(*, seed: int = 2024) -> int:
    rng = random.Random(seed)
    staff = User.objects.get(username="HD900002")
    chair = User.objects.get(username="HD900001")
    departments = {u.name: u for u in OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)}
    requesters = list(User.objects.filter(employee__isnull=False, role_assignments__isnull=True)[:40]) or [staff]
    requesters.insert(0, User.objects.get(username="HD900009"))
    handlers = {
        a.unit.name: a.user for a in RoleAssignment.objects.filter(role="handler").select_related("unit", "user")
    }
    now = timezone.now()
    made = 0
    for i, (category, title, body, dept_name) in enumerate(APPEALS * 3):
        requester = requesters[i % len(requesters)]
        case = case_open(
            kind="appeal", requester=requester, title=title, body=body, category=category, anonymous=i % 7 == 3
        )
        made += 1
        stage = i % 5  # 0 submitted, 1 assigned, 2 processing, 3 answered, 4 closed
        answerer = chair if category == "union_conduct" else staff
        if stage >= 1 and dept_name and dept_name in departments:
            case = case_act(
                actor=staff, case=case, transition="assign", version=case.version, lead_unit=departments[dept_name]
            )
            handler = handlers.get(dept_name)
            if stage >= 2 and handler:
                case = case_act(actor=handler, case=case, transition="accept", version=case.version)
                answerer = handler
        if stage >= 3 and (case.state != "submitted" or not dept_name):
            case = case_act(
                actor=answerer, case=case, transition="answer", version=case.version, text=rng.choice(ANSWERS)
            )
        if stage == 4 and case.state == "answered":
            case_rate(
                actor=requester,
                case=case,
                rating=rng.choice(["satisfied", "satisfied", "basically", "unsatisfied"]),
                reason="希望尽快落实",
                version=case.version,
            )
        # Spread the year's cases over the past months, keeping each timeline in order.
        # Earlier in the list, earlier in the year: lists run newest first by submission order.
        shift = timedelta(days=200 - i * 5, hours=rng.randint(0, 23))
        respond, answer, close = (
            timedelta(hours=rng.randint(2, 30)),
            timedelta(hours=rng.randint(20, 150)),
            timedelta(hours=rng.randint(10, 60)),
        )
        Case.objects.filter(pk=case.pk).update(
            created_at=F("created_at") - shift,
            first_response_at=F("first_response_at") - shift + respond,
            due_at=F("due_at") - shift + respond,
            answered_at=F("answered_at") - shift + respond + answer,
            closed_at=F("closed_at") - shift + respond + answer + close,
        )
        for event in CaseEvent.objects.filter(case=case):
            CaseEvent.objects.filter(pk=event.pk).update(
                created_at=event.created_at - shift + timedelta(hours=event.pk % 48)
            )
    for category, title, body in NEWS:
        Article.objects.create(
            title=title,
            category=category,
            body=body * 5,
            author=staff,
            published_at=now - timedelta(days=rng.randint(1, 60)),
        )
    return made
