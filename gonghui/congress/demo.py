"""The demo congress: the third term, a delegation per branch, every demo representative, a
past session whose proposals went the whole way, and the next session collecting now."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.cases.demo import backdate, wipe_cases
from gonghui.cases.services import case_act, case_merge, case_rate
from gonghui.core.demo import DemoPart, register_demo
from gonghui.news.models import Article
from gonghui.org.demo import demo_root
from gonghui.org.models import OrgUnit, Role, RoleAssignment, UnitKind

from .models import Congress, Delegation, Representative, RepresentativeKind, Session
from .services import attendance_record, proposal_cosign, proposal_submit, session_event

PROPOSALS = [
    (
        "wages",
        "关于提高夜班津贴标准的提案",
        "夜班津贴多年未调整，与物价水平不相适应。",
        "参照同地区同行业标准，分档提高夜班津贴。",
        "人力资源部",
        "经公司薪酬委员会研究，夜班津贴自今年七月起分三档提高，运行倒班岗位每班提高 15 元，已随工资发放。",
    ),
    (
        "safety",
        "关于改善集控室照明和通风条件的提案",
        "集控室夏季温度偏高，部分盘前照明不足。",
        "更换节能照明，加装新风系统。",
        "设备部",
        "已更换集控室盘前照明 48 套，加装新风系统两台，夏季室温已控制在 26 度以下。",
    ),
    (
        "welfare",
        "关于增设职工健身活动场所的提案",
        "现有活动室面积小，器材老化。",
        "利用闲置库房改造职工健身房。",
        "后勤服务中心",
        "利用原备品库改造的职工健身房已于九月开放，配置跑步机、动感单车等器材 20 余台。",
    ),
    (
        "training",
        "关于完善技能等级晋升通道的提案",
        "技师、高级技师评聘名额少，晋升周期长。",
        "建立技能等级与岗位薪酬挂钩的晋升机制。",
        "人力资源部",
        "已修订《技能等级评聘办法》，技师、高级技师名额各增加 30%，评聘结果与岗位薪酬挂钩。",
    ),
    (
        "safety",
        "关于输煤栈桥粉尘治理的提案",
        "二号栈桥粉尘浓度高，影响职工健康。",
        "更换除尘器滤袋，增加喷雾抑尘装置。",
        "燃料部",
        "已更换二号栈桥除尘器滤袋并增设喷雾抑尘装置，经第三方检测粉尘浓度达标。",
    ),
    (
        "welfare",
        "关于职工食堂延长供餐时间的提案",
        "检修高峰期职工常错过供餐时间。",
        "检修期间延长供餐一小时并提供夜宵。",
        "后勤服务中心",
        "检修期间供餐时间延长至 13:30，并在检修现场设夜宵供应点。",
    ),
    (
        "safety",
        "关于加强外包队伍安全管理的提案",
        "外包人员流动大，安全培训不到位。",
        "实行外包人员入厂培训考试和积分管理。",
        "安健环部",
        "外包人员实行入厂培训考试和安全积分管理，积分扣完清退出场，已在全部外包队伍推行。",
    ),
    (
        "training",
        "关于开展青年职工导师带徒的提案",
        "新入职大学生上岗培养周期长。",
        "签订师徒协议，纳入绩效考核。",
        "人力资源部",
        "已与 32 名新入职大学生签订师徒协议，师傅津贴每月 300 元，带徒成效纳入绩效考核。",
    ),
    (
        "management",
        "关于班组减负、精简台账的提案",
        "班组台账种类多，重复填报。",
        "梳理合并台账，推行电子化记录。",
        "计划经营部",
        "已梳理合并班组台账 14 种，推行电子化记录，班组填报工作量减少约四成。",
    ),
    (
        "welfare",
        "关于职工通勤班车增加班次的提案",
        "倒班职工下班时段无班车。",
        "在交接班时段各增加一趟班车。",
        "综合办公室",
        "已在 7:40、15:40、23:40 交接班时段各增加一趟班车。",
    ),
    (
        "culture",
        "关于建设职工书屋的提案",
        "职工读书学习缺少固定场所。",
        "在综合楼设立职工书屋，定期更新图书。",
        "党群工作部",
        "职工书屋已在综合楼二楼建成开放，藏书 3000 余册，每季度更新。",
    ),
    (
        "production",
        "关于优化检修备件采购流程的提案",
        "备件采购周期长，影响检修进度。",
        "建立常用备件储备定额和框架采购协议。",
        "物资供应部",
        "已建立常用备件储备定额，与 6 家供应商签订框架协议，采购周期平均缩短 12 天。",
    ),
]


def _kind_for(i: int) -> str:
    return list(RepresentativeKind.values)[0 if i % 3 else i % 4]


@transaction.atomic
def build_demo_congress(*, seed: int = 2024) -> int:
    """Returns how many proposals it made."""
    rng = random.Random(seed)
    today = timezone.localdate()
    staff = User.objects.get(username="HD900002")
    congress = Congress.objects.create(
        union=demo_root(),
        number=3,
        title="第三届职工代表大会",
        term_start=date(today.year - 2, 3, 1),
        term_end=date(today.year + 2, 2, 28),
    )
    delegations = {
        branch.path: Delegation.objects.create(congress=congress, name=f"{branch.name[:-3]}代表团", unit=branch)
        for branch in OrgUnit.objects.filter(kind=UnitKind.BRANCH)
    }
    grants = RoleAssignment.objects.filter(role=Role.REPRESENTATIVE, user__employee__isnull=False).select_related(
        "user__employee"
    )
    reps = []
    for i, grant in enumerate(grants.order_by("user__employee__employee_no")):
        delegation = delegations.get(grant.user.employee.unit_path[:8])
        if delegation is None:
            continue
        reps.append(
            Representative(
                congress=congress,
                delegation=delegation,
                user=grant.user,
                kind=_kind_for(i),
                elected_on=congress.term_start,
            )
        )
    reps = Representative.objects.bulk_create(reps)
    for delegation in delegations.values():
        delegation.leader = next((r.user for r in reps if r.delegation_id == delegation.pk), None)
        delegation.save(update_fields=["leader"])

    held = today - timedelta(days=240)
    past = Session.objects.create(
        congress=congress,
        number=4,
        title="三届四次职代会",
        held_on=held,
        place="公司综合楼一楼会议厅",
        proposals_open=today - timedelta(days=1),
        proposals_close=today + timedelta(days=1),
        min_cosigners=2,
    )
    attendance_record(
        actor=staff, session=past, statuses={r.pk: "leave" if i % 17 == 5 else "present" for i, r in enumerate(reps)}
    )
    departments = {u.name: u for u in OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)}
    handlers = {
        a.unit.name: a.user for a in RoleAssignment.objects.filter(role=Role.HANDLER).select_related("unit", "user")
    }
    demo_rep = User.objects.get(username="HD900005")
    proposers = [demo_rep] + [r.user for r in reps if r.user_id != demo_rep.pk]
    made = 0
    for i, (category, title, reasons, measures, dept, answer) in enumerate(PROPOSALS):
        proposer = proposers[i % len(proposers)]
        others = [r.user for r in reps if r.user_id != proposer.pk]
        cosigners = rng.sample(others, k=min(3, len(others)))
        case = proposal_submit(
            actor=proposer,
            session=past,
            title=title,
            category=category,
            reasons=reasons,
            measures=measures,
            cosigners=cosigners,
            suggested_unit=departments.get(dept),
            confidential=i == 9,
        )
        made += 1
        for user in cosigners[:2]:
            proposal_cosign(actor=user, case=case, agree=True)
        case.refresh_from_db()
        stage = i % 6  # 0 closed, 1 rated, 2 answered, 3 processing, 4 assigned, 5 closed after a suggestion
        lead = departments.get(dept) or departments["党群工作部"]
        if stage == 5 or i == 8:
            case = case_act(
                actor=staff,
                case=case,
                transition="convert",
                version=case.version,
                lead_unit=lead,
                text="属部门日常管理事项，不予立案，转部门作为意见建议办理。",
            )
        else:
            case = case_act(
                actor=staff,
                case=case,
                transition="register",
                version=case.version,
                lead_unit=lead,
                co_units=[departments["人力资源部"]] if i == 0 else [],
            )
        handler = handlers.get(lead.name) or staff
        if stage in (0, 1, 2, 3, 5):
            case = case_act(actor=handler, case=case, transition="accept", version=case.version)
        if stage in (0, 1, 2, 5):
            case = case_act(actor=handler, case=case, transition="answer", version=case.version, text=answer)
        if stage in (0, 1, 5):
            case = case_rate(
                actor=proposer,
                case=case,
                rating="basically" if i % 4 == 1 else "satisfied",
                version=case.version,
            )
        if stage in (0, 5):
            case = case_act(actor=staff, case=case, transition="close", version=case.version)
        # Raised in the session's proposal window; every later step after it, in order.
        raised = timezone.make_aware(datetime.combine(held - timedelta(days=38 - i * 2), time(9 + i % 8, 10 * (i % 6))))
        backdate(case, raised, rng)
    Session.objects.filter(pk=past.pk).update(
        proposals_open=held - timedelta(days=40), proposals_close=held - timedelta(days=10)
    )

    upcoming = Session.objects.create(
        congress=congress,
        number=5,
        title="三届五次职代会",
        held_on=today + timedelta(days=30),
        place="公司综合楼一楼会议厅",
        proposals_open=today - timedelta(days=10),
        proposals_close=today + timedelta(days=15),
        min_cosigners=2,
    )
    session_event(actor=staff, session=upcoming)
    others = [r.user for r in reps if r.user_id != demo_rep.pk]
    fresh = proposal_submit(
        actor=demo_rep,
        session=upcoming,
        title="关于为倒班职工配备护眼台灯的提案",
        category="welfare",
        reasons="夜班盘前照明刺眼，长期影响视力。",
        measures="为各值配备可调光护眼台灯。",
        cosigners=others[:3],
        suggested_unit=departments.get("设备部"),
    )
    proposal_cosign(actor=others[0], case=fresh, agree=True)
    backdate(fresh, timezone.now() - timedelta(days=3, hours=5), rng)
    _demo_canteen(rng, staff, upcoming, others, departments)
    _demo_evaluations(rng, staff, congress, past, reps, demo_rep)
    Article.objects.create(
        union=demo_root(),
        title=f"公司工会召开{past.title.removesuffix('职代会')}职工代表大会",
        category="news",
        body=(
            f"{held:%Y年%m月%d日}，{past.title}在{past.place}召开。会议听取审议了工会工作报告和"
            f"提案征集情况报告，审议通过了集体合同续签草案，共收到职工代表提案 {len(PROPOSALS)} 件。"
        )
        * 3,
        author=staff,
        published_at=timezone.make_aware(datetime.combine(held + timedelta(days=1), time(10))),
    )
    return made + 1


CANTEEN = [
    (
        "关于职工食堂增设夜班热饭窗口的提案",
        "夜班职工零点下班后食堂已停止供餐，只能吃泡面。",
        "食堂增设夜班热饭窗口，供应到凌晨一点。",
    ),
    (
        "关于解决夜班职工吃饭难的提案",
        "倒班职工夜间就餐没有着落，长期影响身体健康。",
        "食堂安排夜间值守，提供热饭热菜。",
    ),
    ("关于改善食堂夜间供餐质量的提案", "夜宵品种单一，饭菜常常是凉的。", "增加夜宵品种，配备保温设备。"),
]


def _demo_canteen(rng, staff, session, reps, departments) -> None:
    """Three like proposals in the collecting session: the committee has merged the second into
    the first (并案) and assigned it; the third is still there to be merged."""
    made = []
    for n, (title, reasons, measures) in enumerate(CANTEEN):
        proposer, cosigners = reps[n + 1], [r for r in reps if r != reps[n + 1]][:2]
        case = proposal_submit(
            actor=proposer,
            session=session,
            title=title,
            category="welfare",
            reasons=reasons,
            measures=measures,
            cosigners=cosigners,
            suggested_unit=departments.get("后勤服务中心"),
        )
        for user in cosigners:
            proposal_cosign(actor=user, case=case, agree=True)
        case.refresh_from_db()
        made.append(case)
    lead = made[0]
    case_merge(actor=staff, lead=lead, others=[made[1]])
    lead.refresh_from_db()
    case_act(
        actor=staff,
        case=lead,
        transition="register",
        version=lead.version,
        lead_unit=departments.get("后勤服务中心") or departments["党群工作部"],
    )
    for days, case in zip((6, 5, 2), made, strict=True):
        backdate(case, timezone.now() - timedelta(days=days, hours=3), rng)


def _cast(rng, ballot, share: float, weights) -> None:
    from gonghui.ballots.services import ballot_cast_many

    items = [i.pk for i in ballot.items.all()]
    # Voters fill in one of a few hundred ballots: a delegation's evaluation lists hundreds of
    # representatives, and drawing each of 6,000 voters' 400 answers afresh adds nothing the
    # results would show.
    ballots = [
        dict(zip(items, rng.choices(ballot.choices, weights=weights, k=len(items)), strict=True)) for _ in range(300)
    ]
    votes = [
        (user_id, rng.choice(ballots))
        for user_id in ballot.voters.order_by("pk").values_list("user_id", flat=True)
        if rng.random() < share
    ]
    ballot_cast_many(ballot=ballot, votes=votes)


def _backdate(ballot, days: int) -> None:
    from gonghui.ballots.models import Ballot

    shift = timedelta(days=days)
    Ballot.objects.filter(pk=ballot.pk).update(
        opens_at=F("opens_at") - shift, closes_at=F("closes_at") - shift, closed_at=F("closed_at") - shift
    )


def _demo_evaluations(rng, staff, congress, past, reps, demo_rep) -> None:
    """Last session's evaluation and last year's duty report closed with results; this year's
    democratic evaluation of the 运行 delegation under way."""
    from gonghui.ballots.services import ballot_close

    from .models import EvaluationKind
    from .services import duty_report_evaluate, duty_report_file, evaluation_open

    evaluation = evaluation_open(actor=staff, kind=EvaluationKind.CONGRESS, session=past)
    _cast(rng, evaluation.ballot, 0.9, [7, 2, 1])
    ballot_close(actor=staff, ballot=evaluation.ballot)
    _backdate(evaluation.ballot, 230)

    rep = next(r for r in reps if r.user_id == demo_rep.pk)
    today = timezone.localdate()
    last_year = duty_report_file(
        actor=demo_rep,
        representative=rep,
        year=today.year - 1,
        text="一年来参加职代会两次，提出提案两件、附议五件；走访运行各值职工四十余人次，"
        "反映夜班补贴、值班室通风等问题，参与安全生产巡察两次。",
    )
    last_year = duty_report_evaluate(actor=staff, report=last_year)
    _cast(rng, last_year.ballot, 0.7, [6, 3, 1, 0])
    ballot_close(actor=staff, ballot=last_year.ballot)
    _backdate(last_year.ballot, 330)
    duty_report_file(
        actor=demo_rep,
        representative=rep,
        year=today.year,
        text="今年参加三届四次职代会，提出提案一件、附议三件；收集运行部职工意见十二条，"
        "参与集体合同履约检查，督促落实倒班职工体检安排。",
    )

    run = next(d for d in congress.delegations.all() if d.unit.name == "运行分工会")
    ongoing = evaluation_open(actor=staff, kind=EvaluationKind.REPRESENTATIVES, delegation=run)
    _cast(rng, ongoing.ballot, 0.4, [5, 4, 1, 0])


def _build(union) -> str:
    return f"示例职代会：代表团、代表、两次会议、提案 {build_demo_congress()} 件。"


def _wipe(union) -> None:
    wipe_cases(union, "proposal")
    Representative.objects.filter(delegation__congress__union=union).delete()
    Congress.objects.filter(union=union).delete()


register_demo(DemoPart(app="congress", order=30, build=_build, wipe=_wipe))
