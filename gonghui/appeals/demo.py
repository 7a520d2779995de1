"""Demo appeals and news, so the appeal pages, the to-do lists and the statistics look lived in.

Each appeal comes from somebody the subject concerns (a coal-handling worker about the coal
conveyor dust), has an answer of its own, and sits in the year as it would: the oldest closed
and rated, the newest still waiting to be taken up.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.accounts.services import accounts_for
from gonghui.cases.demo import backdate, wipe_cases
from gonghui.cases.services import case_act, case_comment, case_open, case_rate
from gonghui.core.demo import DemoPart, register_demo
from gonghui.news.models import Article
from gonghui.org.demo import demo_root
from gonghui.org.models import Employee, EmploymentStatus, OrgUnit, RoleAssignment, UnitKind

# (category, title, body, department that handles it, where the requester works, the answer)
APPEALS = [
    (
        "wages",
        "夜班补贴标准多年未调整",
        "运行各值夜班补贴还是 2016 年定的每班 30 元，这几年物价涨了不少，希望按现行标准调整。",
        "人力资源部",
        "运行",
        "经公司薪酬委员会研究，夜班补贴自下月起由每班 30 元调整为 45 元，随当月工资发放。",
    ),
    (
        "wages",
        "三月份加班费核算有误",
        "三月份机组检修期间加班 20 小时，工资条上只算了 12 小时，差额 8 小时。",
        "人力资源部",
        "检修",
        "经核对考勤记录，确有 8 小时漏记，差额加班费已随四月工资补发，考勤员已做书面说明。",
    ),
    (
        "wages",
        "技能等级津贴没有按新证书发放",
        "去年取得高级工证书，已交人力资源部备案，但技能津贴还是按中级工发放。",
        "人力资源部",
        "设备",
        "证书备案后未及时录入薪酬系统，已更正并补发自取证次月起的差额。",
    ),
    (
        "wages",
        "倒班人员高温补贴发放时间",
        "今年高温补贴什么时候发？去年是九月才一起发的，希望按月发放。",
        "人力资源部",
        "运行",
        "高温补贴自今年起按月随工资发放（6 至 9 月），标准按省人社厅规定执行。",
    ),
    (
        "social_insurance",
        "公积金缴存基数未按工资调整",
        "今年工资调整后，七月份公积金缴存基数还是去年的，没有变化。",
        "财务部",
        None,
        "公积金基数每年七月统一调整，今年因系统升级推迟，已于八月完成并补缴七月差额。",
    ),
    (
        "social_insurance",
        "企业年金个人账户查询方式",
        "想查企业年金个人账户的余额和收益，不知道从哪里查。",
        "人力资源部",
        None,
        "可登录受托银行的企业年金网上服务查询，初始密码由人力资源部统一发放，已在公司内网公布操作说明。",
    ),
    (
        "social_insurance",
        "退休人员医保转移手续",
        "明年退休，想了解医保关系转到户籍地需要哪些手续。",
        "人力资源部",
        None,
        "退休前三个月到人力资源部领取《参保凭证》，到户籍地医保中心办理转入，具体材料已发送到您的手机。",
    ),
    (
        "safety",
        "锅炉房零米层通道照明损坏",
        "3 号炉零米层东侧通道照明坏了一周，夜班巡检看不清地面，存在摔倒风险。",
        "设备部",
        "运行",
        "已更换 6 盏防爆灯具，并将该区域照明纳入每周点检，感谢您的反映。",
    ),
    (
        "safety",
        "输煤栈桥除尘效果差",
        "二号输煤栈桥粉尘很大，除尘器滤袋可能破损，值班员戴口罩也呛得厉害。",
        "燃料部",
        "燃料",
        "已更换除尘器滤袋 120 条，并增设 2 处喷雾降尘装置，粉尘浓度复测已达标。",
    ),
    (
        "safety",
        "化验班洗眼器无水",
        "化学部化验班的紧急洗眼器打开没有水，万一溅到酸碱很危险。",
        "化学部",
        "化学",
        "洗眼器供水阀门被误关，已恢复并加装锁定，每周由班长检查一次并签字。",
    ),
    (
        "safety",
        "检修平台护栏松动",
        "汽机房 12.6 米检修平台南侧护栏有两处螺栓松动，摇晃明显。",
        "检修部",
        "检修",
        "已紧固并更换锈蚀螺栓，同时对全厂检修平台护栏进行了一次专项排查。",
    ),
    (
        "safety",
        "集控室空调噪声大影响监盘",
        "集控室空调最近噪声很大，值班时注意力难以集中。",
        "设备部",
        "运行",
        "空调风机轴承磨损，已更换，噪声已降至 55 分贝以下。",
    ),
    (
        "welfare",
        "食堂夜班餐品种单一",
        "夜班餐基本只有面条和馒头，希望增加米饭和炒菜。",
        "后勤服务中心",
        "运行",
        "自下周起夜班餐增加两荤两素和米饭，每周菜单在食堂公告栏和工会公众号公布。",
    ),
    (
        "welfare",
        "职工宿舍热水供应不稳定",
        "单身宿舍楼晚上十点以后经常没有热水，冬天洗澡很不方便。",
        "后勤服务中心",
        None,
        "已将热水循环泵运行时间延长至凌晨一点，并更换了老化的温控阀。",
    ),
    (
        "welfare",
        "通勤班车增加晚班车次",
        "运行人员下中班已是晚上十一点多，现在只有一趟班车，等车时间长。",
        "综合办公室",
        "运行",
        "自下月起增加 23:40 一趟班车，线路与现有班车相同。",
    ),
    (
        "welfare",
        "女职工休息室设施陈旧",
        "综合楼女职工休息室的沙发和冰箱用了十多年，希望更新。",
        "党群工作部",
        None,
        "工会已列入本年度“职工之家”建设计划，新沙发、冰箱和母婴设施已采购到位。",
    ),
    (
        "welfare",
        "职工体检增加项目",
        "希望年度体检增加颈椎和甲状腺彩超，倒班职工这方面问题较多。",
        "人力资源部",
        None,
        "今年体检方案已增加颈椎 X 光和甲状腺彩超，体检时间另行通知。",
    ),
    (
        "welfare",
        "食堂就餐高峰排队时间长",
        "中午十一点半到十二点排队要二十分钟，希望增加打饭窗口。",
        "后勤服务中心",
        None,
        "已新增两个打饭窗口并推行错峰就餐，机关各部门中午 11:45 以后就餐。",
    ),
    (
        "legal",
        "劳动合同到期续签咨询",
        "劳动合同明年到期，已连续签订两次固定期限合同，想了解能否签无固定期限合同。",
        None,
        None,
        "根据《劳动合同法》第十四条，连续订立二次固定期限合同后续订的，除您提出订立固定期限合同外，应当订立无固定期限劳动合同。",
    ),
    (
        "legal",
        "工伤认定流程咨询",
        "检修时手部受伤，已在医院处理，想了解工伤认定需要哪些材料、多长时间。",
        None,
        "检修",
        "应在事故发生之日起 30 日内由公司提出工伤认定申请，需准备病历、事故经过说明和证人证言，工会已通知人力资源部协助办理。",
    ),
    (
        "legal",
        "产假和哺乳假天数",
        "预产期在下半年，想了解产假、护理假和哺乳假各有多少天。",
        None,
        None,
        "按省人口与计划生育条例，产假 158 天，配偶护理假 15 天，哺乳期内每天可有 1 小时哺乳时间，工会女职工委员会可提供详细说明。",
    ),
    (
        "legal",
        "岗位调整是否需要本人同意",
        "部门准备把我从主值调到巡检岗位，工资会降低，请问是否需要本人同意。",
        None,
        "运行",
        "变更劳动合同约定的工作岗位应协商一致并采用书面形式；如有异议，可向公司劳动争议调解委员会申请调解。",
    ),
    (
        "other",
        "羽毛球场地周末开放时间",
        "周末职工活动中心羽毛球场经常被占满，希望延长开放时间到晚上九点。",
        "党群工作部",
        None,
        "自本月起周末羽毛球馆开放至 21:00，并开通手机预约，每人每次限 2 小时。",
    ),
    (
        "other",
        "职工书屋增加专业书籍",
        "职工书屋小说多，专业技术书籍少，希望增加电气、热控方面的书。",
        "党群工作部",
        None,
        "已采购电气、热控、化学专业书籍 200 余册，并开通电子书借阅。",
    ),
    (
        "other",
        "停车场车位紧张",
        "早班交接时停车场车位不够，很多车停在路边。",
        "综合办公室",
        None,
        "已将原材料堆场东侧改建为临时停车场，新增车位 80 个。",
    ),
    (
        "union_conduct",
        "疗休养报名名单没有公示",
        "今年疗休养是怎么选人的？报名结果没有公示，大家有意见。",
        None,
        None,
        "疗休养名单今后在工会公众号和各分工会公告栏公示 5 天，接受监督；今年名单已补充公示。",
    ),
    (
        "union_conduct",
        "工会慰问品发放不及时",
        "中秋节慰问品节后一周才发到我们班组。",
        None,
        "燃料",
        "经查是物资到货延误，已要求今后节日慰问品提前十天完成采购和发放。",
    ),
    (
        "wages",
        "班组长津贴标准",
        "班组长津贴每月 200 元多年没变，管理工作越来越多，希望提高。",
        "人力资源部",
        "燃料",
        None,
    ),
    ("safety", "水处理间地面长期积水", "水处理间地面积水多，地沟堵塞，走路容易滑倒。", "化学部", "化学", None),
    ("welfare", "宿舍区网络信号差", "单身宿舍三楼以上手机信号和无线网络都很差。", "综合办公室", None, None),
    ("safety", "煤场夜间照明不足", "煤场夜间作业照明不足，推煤机作业存在安全隐患。", "燃料部", "燃料", None),
    ("wages", "见习期工资标准咨询", "今年新入职，想了解见习期结束后的工资定级标准。", "人力资源部", None, None),
    ("other", "希望开设职工子女暑期托管班", "暑假孩子没人照看，希望工会组织托管班。", "党群工作部", None, None),
    ("welfare", "浴室更衣柜不够用", "检修部浴室更衣柜不够，新来的同事没有柜子。", "后勤服务中心", "检修", None),
    ("safety", "电缆夹层防火封堵不严", "巡检发现 2 号机电缆夹层有一处防火封堵脱落。", "设备部", "设备", None),
    ("legal", "年休假未休完能否折算工资", "去年有 5 天年休假因工作没休，能否折算工资？", None, None, None),
]
# (category, title, body, month, day): each published when it happens in a union's year.
NEWS = [
    (
        "policy",
        "{year} 年职工医疗互助保障活动开始参保",
        "今年职工医疗互助保障活动即日起开始参保登记，在职职工每人每年 30 元，住院医疗费用按比例互助……",
        1,
        8,
    ),
    (
        "legal",
        "劳动合同法知识：加班费如何计算",
        "用人单位安排加班的，应按下列标准支付加班费：工作日延长工作时间的，支付不低于工资 150% 的工资报酬……",
        5,
        12,
    ),
    ("news", "工会开展“送清凉”慰问一线职工", "盛夏时节，公司工会为运行、检修、燃料一线职工送去防暑降温用品……", 7, 16),
    (
        "news",
        "“安康杯”安全知识竞赛圆满结束",
        "经过初赛和决赛，运行部代表队获得一等奖，检修部、燃料部代表队获得二等奖……",
        10,
        21,
    ),
]


def _requester(rng, employees: dict, where: str | None, used: set):
    pool = [e for key, people in employees.items() if where is None or where in key for e in people]
    fresh = [e for e in pool if e.pk not in used] or pool
    person = rng.choice(fresh)
    used.add(person.pk)
    return person


@transaction.atomic
def build_demo_cases(*, seed: int = 2024) -> int:
    rng = random.Random(seed)
    staff = User.objects.get(username="HD900002")
    chair = User.objects.get(username="HD900001")
    departments = {u.name: u for u in OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT)}
    handlers = {
        a.unit.name: a.user for a in RoleAssignment.objects.filter(role="handler").select_related("unit", "user")
    }
    # Requesters by where they work (department name), without the office's own demo people.
    employees: dict[str, list] = {}
    for e in (
        Employee.objects.filter(status=EmploymentStatus.ACTIVE)
        .exclude(employee_no__startswith="HD9")
        .select_related("unit")
        .order_by("employee_no")
    ):
        employees.setdefault(e.unit.name, []).append(e)
    department_of = {u.path: u.name for u in departments.values()}
    by_department: dict[str, list] = {}
    for people in employees.values():
        for e in people:
            by_department.setdefault(department_of.get(e.unit_path[:12], e.unit.name), []).append(e)
    now = timezone.now()
    used: set[int] = set()
    made = 0
    count = len(APPEALS)
    chosen = [_requester(rng, by_department, appeal[4], used) for appeal in APPEALS]
    users = {u.employee_id: u for u in accounts_for(chosen)}
    demo_employee = User.objects.get(username="HD900009")
    for i, (category, title, body, dept_name, _where, answer) in enumerate(APPEALS):
        # 吴芳 (the demo employee) raised two of them: her own list is not empty.
        requester = demo_employee if i in (7, 12) else users[chosen[i].pk]
        anonymous = i % 9 == 4
        case = case_open(
            kind="appeal", requester=requester, title=title, body=body, category=category, anonymous=anonymous
        )
        made += 1
        # Spread over the past ten months, oldest first: the last few are still waiting.
        start = now - timedelta(days=300 * (count - i) / count, hours=rng.randint(0, 10))
        waiting = answer is None
        union_conduct = category == "union_conduct"
        answerer = chair if union_conduct else staff
        if (not waiting or i % 3) and dept_name in departments and not union_conduct:
            case = case_act(
                actor=staff, case=case, transition="assign", version=case.version, lead_unit=departments[dept_name]
            )
            handler = handlers.get(dept_name)
            if handler is not None and (not waiting or i % 2):
                case = case_act(actor=handler, case=case, transition="accept", version=case.version)
                answerer = handler
        if answer:
            if answerer != staff or case.state == "submitted":
                case = case_act(actor=answerer, case=case, transition="answer", version=case.version, text=answer)
            if i % 6 == 5:
                case_comment(actor=requester, case=case, text="谢谢，希望能长期坚持。")
            if i < count * 0.7 and case.state == "answered":
                rating = rng.choice(["satisfied", "satisfied", "satisfied", "basically", "unsatisfied"])
                case = case_rate(
                    actor=requester,
                    case=case,
                    rating=rating,
                    reason="" if rating != "unsatisfied" else "落实得不够彻底，希望再跟进。",
                    version=case.version,
                )
        backdate(case, start, rng)
    today = timezone.localdate()
    for category, title, body, month, day in NEWS:
        published = date(today.year, month, day)
        if published >= today:
            published = published.replace(year=today.year - 1)
        Article.objects.create(
            union=demo_root(),
            title=title.format(year=published.year),
            category=category,
            body=body * 4,
            author=staff,
            published_at=timezone.make_aware(datetime.combine(published, time(9 + rng.randint(0, 7), 30))),
        )
    return made


def _build(union) -> str:
    return f"示例诉求 {build_demo_cases()} 件、新闻与政策 4 篇。"


def build_small_cases(union) -> str:
    """The second union's few appeals: one waiting, one with its department, one answered and rated."""
    rng = random.Random(2025)
    now = timezone.now()
    staff = User.objects.get(username="XN900002")
    handler = User.objects.get(username="XN900004")
    worker = User.objects.get(username="XN900006")
    representative = User.objects.get(username="XN900005")
    department = OrgUnit.objects.get(path__startswith=union.path, name="风电运维部")
    waiting = case_open(
        kind="appeal",
        requester=worker,
        title="风机塔筒爬梯防坠器老化",
        body="二号风机塔筒爬梯的防坠器已经用了八年，滑块卡滞，上塔检修心里不踏实，请尽快更换。",
        category="safety",
    )
    assigned = case_open(
        kind="appeal",
        requester=representative,
        title="场站宿舍热水器经常坏",
        body="光伏场站宿舍的两台热水器冬天经常打不着火，倒班回来洗不上热水澡。",
        category="welfare",
    )
    assigned = case_act(actor=staff, case=assigned, transition="assign", version=assigned.version, lead_unit=department)
    answered = case_open(
        kind="appeal",
        requester=worker,
        title="夜间巡检交通补贴怎么算",
        body="夜间去风场巡检开自己的车，油费和补贴怎么报？",
        category="wages",
    )
    answered = case_act(actor=staff, case=answered, transition="assign", version=answered.version, lead_unit=department)
    answered = case_act(actor=handler, case=answered, transition="accept", version=answered.version)
    answered = case_act(
        actor=handler,
        case=answered,
        transition="answer",
        version=answered.version,
        text="按公司交通补贴办法，夜间巡检每趟补贴 60 元，每月随工资发放，请在巡检记录中注明用车。",
    )
    answered = case_rate(actor=worker, case=answered, rating="satisfied", reason="", version=answered.version)
    # Set back to when they would have happened, the answered one first.
    for case, days in ((answered, 40), (assigned, 12), (waiting, 2)):
        backdate(case, now - timedelta(days=days), rng)
    return "第二工会示例诉求 3 件。"


def _wipe(union) -> None:
    wipe_cases(union, "appeal")


register_demo(DemoPart(app="appeals", order=20, build=_build, build_small=build_small_cases, wipe=_wipe))
