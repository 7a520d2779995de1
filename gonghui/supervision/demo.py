"""The demo's supervision: the last contract expired, the current one about to expire with its
renewal under negotiation, a women's special contract, joint meetings and patrols whose
decisions and findings are at every stage."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.cases.demo import backdate, wipe_cases
from gonghui.cases.services import case_act, case_rate
from gonghui.core.demo import DemoPart, register_demo
from gonghui.org.demo import demo_root
from gonghui.org.models import OrgUnit, Role, RoleAssignment, UnitKind

from .meetings import minutes_people, representatives
from .models import Contract, ContractState, Inspection, JointMeeting, NegotiationRound, Patrol
from .services import finding_add, minutes_save

CONTRACT_TEXT = """第一章 总则
第一条 为建立和谐稳定的劳动关系，维护职工和企业的合法权益，根据《劳动法》《劳动合同法》《工会法》，经平等协商，订立本合同。
第二章 劳动报酬
第五条 企业职工工资总额随经济效益增长而合理增长，年度工资增长幅度不低于当地政府发布的工资指导线基准线。
第六条 夜班津贴、高温津贴按公司规定按月足额发放。
第三章 工作时间和休息休假
第九条 实行综合计时工作制的岗位，周期内平均工作时间不超过法定标准。
第四章 劳动安全卫生
第十二条 企业每年安排职工健康体检，对接触职业病危害的职工进行岗前、岗中、离岗体检。
第五章 女职工特殊保护
第十五条 女职工在孕期、产期、哺乳期享受国家规定的保护待遇。
第六章 合同的履行与监督
第二十条 工会每年组织一次履约检查，检查结果向职工代表大会报告。"""

# (title, body, department, stage) — stage: 0 待交办, 1 已交办, 2 落实中, 3 已反馈, 4 已落实
MEETING_DECISIONS = [
    [
        ("倒班职工体检增加颈椎和眼科项目", "年度体检中为倒班职工增加颈椎、眼底检查。", "人力资源部", 4),
        ("更换运行值班室老旧空调", "运行一至五值值班室空调运行超过十年，年内更换。", "设备部", 3),
        ("职工食堂增加夜班餐品种", "夜班餐每周至少五个品种。", "后勤服务中心", 2),
    ],
    [
        ("修订班组长津贴标准", "按班组规模分档提高班组长津贴。", "人力资源部", 1),
        ("开展迎峰度夏送清凉活动", "7 月前为一线班组配送防暑用品。", "党群工作部", 4),
    ],
]
PATROL_FINDINGS = [
    [
        ("锅炉零米层通道照明不足", "夜间巡检通道照度不够。", "设备部", 4),
        ("输煤栈桥除尘器滤袋破损", "二号栈桥粉尘浓度高。", "燃料部", 2),
    ],
    [
        ("化验班洗眼器水压不足", "应急洗眼器出水压力不足。", "化学部", 3),
        ("外委人员安全交底记录不全", "部分外委作业未留存安全交底签字。", "安健环部", 0),
    ],
]
INSPECTION_FINDINGS = [
    ("高温津贴发放滞后", "7 月高温津贴延迟到 8 月下旬发放。", "人力资源部", 4),
    ("女职工专项体检未全覆盖", "部分倒班女职工未参加专项体检。", "人力资源部", 2),
]


def _past(day: date, today: date) -> date:
    """The day in this year if it has come, else in the last: a demo's meetings have been held."""
    return day if day <= today else day.replace(year=day.year - 1)


def _advance(case, stage: int, *, staff, handlers, recorder) -> None:
    handler = handlers.get(case.lead_unit.name if case.lead_unit_id else "", staff)
    if stage >= 2:
        case = case_act(actor=handler, case=case, transition="accept", version=case.version)
    if stage >= 3:
        case = case_act(
            actor=handler, case=case, transition="answer", version=case.version, text="已按要求落实，请检查。"
        )
    if stage >= 4:
        case_rate(actor=recorder, case=case, rating="satisfied", version=case.version)


def _record(items, *, when, staff, departments, handlers, recorder=None, **origin) -> None:
    """Follow-ups of a meeting, patrol or inspection held on `when`, dated from the day after."""
    (source,) = origin
    rng = random.Random(source)
    for n, (title, body, dept, stage) in enumerate(items):
        case = finding_add(
            actor=recorder or staff,
            source=source,
            title=title,
            body=body,
            lead_unit=departments.get(dept) if stage >= 1 and recorder is None else None,
            **origin,
        )
        if stage >= 1 and case.lead_unit_id is None:
            case = case_act(
                actor=staff, case=case, transition="assign", version=case.version, lead_unit=departments[dept]
            )
        _advance(case, stage, staff=staff, handlers=handlers, recorder=recorder or staff)
        backdate(case, timezone.make_aware(datetime.combine(when + timedelta(days=1), time(10, 20 * n))), rng)


@transaction.atomic
def build_demo_supervision() -> dict:
    today = timezone.localdate()
    year = today.year
    staff = User.objects.get(username="HD900002")
    departments = {u.name: u for u in OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)}
    handlers = {
        a.unit.name: a.user for a in RoleAssignment.objects.filter(role=Role.HANDLER).select_related("unit", "user")
    }

    expired = Contract.objects.create(
        union=demo_root(),
        title=f"{year - 5}—{year - 3} 年集体合同",
        kind="general",
        text=CONTRACT_TEXT,
        state=ContractState.EXPIRED,
        votes_for=96,
        votes_against=2,
        votes_abstain=1,
        voted_on=date(year - 5, 1, 12),
        signed_on=date(year - 5, 1, 15),
        filed_on=date(year - 5, 2, 1),
        filing_authority="市人力资源和社会保障局",
        effective_from=date(year - 5, 1, 1),
        expires_on=date(year - 3, 12, 31),
    )
    current = Contract.objects.create(
        union=demo_root(),
        title=f"{year - 2}—{year} 年集体合同",
        kind="general",
        version=2,
        previous=expired,
        text=CONTRACT_TEXT,
        state=ContractState.FILED,
        votes_for=98,
        votes_against=1,
        votes_abstain=2,
        voted_on=date(year - 2, 1, 10),
        signed_on=date(year - 2, 1, 16),
        filed_on=date(year - 2, 2, 5),
        filing_authority="市人力资源和社会保障局",
        effective_from=date(year - 2, 1, 1),
        expires_on=date(year, 12, 31),
    )
    for n, (when, minutes) in enumerate(
        [
            (date(year - 3, 11, 8), "双方交换协商议题：工资增长、夜班津贴、劳动安全卫生。"),
            (date(year - 3, 11, 29), "就年度工资增长幅度达成一致：不低于当地工资指导线基准线。"),
            (date(year - 3, 12, 20), "审定合同草案全文，提交职代会审议。"),
        ],
        start=1,
    ):
        NegotiationRound.objects.create(
            contract=current,
            number=n,
            held_on=when,
            place="公司综合楼三楼会议室",
            participants="职工方：王建国、李秀英、陈静等 5 人\n企业方：周明、人力资源部、财务部负责人",
            minutes=minutes,
        )
    Contract.objects.create(
        union=demo_root(),
        title=f"{year - 2}—{year + 1} 年女职工权益保护专项集体合同",
        kind="women",
        text="第一条 为保障女职工的合法权益和特殊利益，订立本专项集体合同。\n第二条 企业每年组织女职工专项体检。",
        state=ContractState.FILED,
        votes_for=97,
        votes_against=0,
        votes_abstain=2,
        voted_on=date(year - 2, 1, 10),
        signed_on=date(year - 2, 1, 16),
        filed_on=date(year - 2, 2, 5),
        filing_authority="市人力资源和社会保障局",
        effective_from=date(year - 2, 1, 1),
        expires_on=date(year + 1, 12, 31),
    )
    renewal = Contract.objects.create(
        union=demo_root(),
        title=f"{year + 1}—{year + 3} 年集体合同",
        kind="general",
        version=3,
        previous=current,
        text=CONTRACT_TEXT.replace(
            "不低于当地政府发布的工资指导线基准线", "不低于当地政府发布的工资指导线基准线，且一线岗位倾斜"
        ),
        state=ContractState.NEGOTIATING,
    )
    for n, (days, minutes) in enumerate(
        [(40, "双方交换协商议题，职工方提出一线岗位工资倾斜。"), (12, "企业方原则同意倾斜方案，具体比例下轮协商。")],
        start=1,
    ):
        NegotiationRound.objects.create(
            contract=renewal,
            number=n,
            held_on=today - timedelta(days=days),
            place="公司综合楼三楼会议室",
            participants="职工方：王建国、李秀英、陈静\n企业方：周明、人力资源部负责人",
            minutes=minutes,
        )
    inspection = Inspection.objects.create(
        union=demo_root(),
        contract=current,
        year=year - 1,
        held_on=date(year - 1, 12, 15),
        inspectors="王建国、李秀英、陈静、赵磊",
        summary="合同总体履行良好，工资增长、体检、休假等条款落实到位；发现两项问题，已交办整改。",
    )
    _record(
        INSPECTION_FINDINGS,
        when=inspection.held_on,
        staff=staff,
        departments=departments,
        handlers=handlers,
        inspection=inspection,
    )

    # The union's side of the table: its chair and staff, the company's leaders.
    sitting = list(
        minutes_people(demo_root().pk).filter(role_assignments__role__in=(Role.CHAIR, Role.STAFF, Role.LEADER))[:6]
    )
    for i, items in enumerate(MEETING_DECISIONS):
        meeting = minutes_save(
            actor=staff,
            record=JointMeeting(union=demo_root()),
            title=f"{_past(date(year, 3 + i * 3, 20), today).year} 年第{'一二'[i]}季度工会与行政联席会议",
            held_on=_past(date(year, 3 + i * 3, 20), today),
            place="公司综合楼三楼会议室",
            attendees="公司领导周明，工会主席王建国，各部门负责人",
            minutes="会议听取了工会关于职工诉求和提案办理情况的汇报，研究了职工关心的实际问题，形成决定如下（见决定事项）。",
            participants=sitting,
        )
        _record(items, when=meeting.held_on, staff=staff, departments=departments, handlers=handlers, meeting=meeting)

    reps = list(representatives(demo_root().pk).select_related("employee")[:8])
    demo_rep = User.objects.get(username="HD900005")
    for i, items in enumerate(PATROL_FINDINGS):
        patrol = minutes_save(
            actor=staff,
            record=Patrol(union=demo_root()),
            topic=["迎峰度夏防暑降温落实情况巡察", "职业健康防护措施巡察"][i],
            held_on=_past(date(year, 7 + i * 2, 10), today),
            places=["运行部、设备部、燃料部", "化学部、安健环部"][i],
            summary="代表分组深入现场查看，听取班组职工意见，发现的问题当场反馈并登记交办。",
            participants=[demo_rep, *reps[i * 3 : i * 3 + 3]],
        )
        _record(
            items,
            when=patrol.held_on,
            staff=staff,
            departments=departments,
            handlers=handlers,
            recorder=demo_rep,
            patrol=patrol,
        )
    return {"contracts": Contract.objects.count(), "meetings": 2, "patrols": 2}


def _build(union) -> str:
    made = build_demo_supervision()
    return f"示例民主监督：集体合同 {made['contracts']} 份、联席会议 2 次、代表巡察 2 次。"


def _wipe(union) -> None:
    wipe_cases(union, "followup")
    for model in (Contract, JointMeeting, Patrol, Inspection):
        model.objects.filter(union=union).delete()


register_demo(DemoPart(app="supervision", order=40, build=_build, wipe=_wipe))
