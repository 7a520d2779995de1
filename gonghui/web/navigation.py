"""The menu follows the plan's five key areas (五突出五强化) plus the union's own housekeeping.

An entry whose `url` is None is a service of the plan not yet built: the service hall shows it
greyed out as 建设中 so people see the whole plan, and nothing pretends to work.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import reverse

from gonghui.org.rules import can


@dataclass(frozen=True)
class Entry:
    label: str
    icon: str
    url: str | None = None
    perm: str | None = None
    staff_only: bool = False

    def href(self) -> str | None:
        return _reverse(self.url) if self.url else None


@cache
def _reverse(name: str) -> str:
    # The menu is drawn on every page: its ~30 links are reversed once per process.
    return reverse(name)


@dataclass(frozen=True)
class Area:
    title: str
    entries: tuple[Entry, ...]


PLAN_AREAS = (
    Area(
        "政治引领", (Entry("学习园地", "bi-book", "study:index"), Entry("学习记录", "bi-journal-check", "events:mine"))
    ),
    Area(
        "竞赛活动",
        (
            Entry("劳动竞赛", "bi-trophy"),
            Entry("技能竞赛", "bi-tools"),
            Entry("五小创新", "bi-lightbulb"),
            Entry("评先树模", "bi-award"),
        ),
    ),
    Area(
        "民主管理",
        (
            Entry("职代会提案", "bi-file-earmark-text", "congress:index"),
            Entry("厂务公开", "bi-megaphone", "disclosure:feed"),
            Entry("民主评议", "bi-check2-square", "ballots:list"),
            Entry("民主监督", "bi-shield-check", "supervision:index"),
        ),
    ),
    Area(
        "服务职工",
        (
            Entry("活动报名", "bi-bicycle", "events:list"),
            Entry("文体协会", "bi-people", "activities:associations"),
            Entry("工会阵地", "bi-building", "venues:list"),
            Entry("诉求与法律咨询", "bi-chat-dots", "appeals:new"),
            Entry("新闻与政策", "bi-newspaper", "news:list"),
            Entry("困难帮扶", "bi-heart"),
            Entry("隐患随手拍", "bi-cone-striped"),
        ),
    ),
    Area(
        "自身建设",
        (
            Entry("干部培训", "bi-mortarboard", "study:index"),
            Entry("经费与资产", "bi-cash-coin"),
        ),
    ),
)

HANDLING = (
    Entry("数据看板", "bi-bar-chart-line", "figures:board", perm="figures.view_board"),
    Entry("诉求办理", "bi-inboxes", "appeals:list", perm="appeals.handle"),
    Entry("提案办理", "bi-journal-text", "congress:proposal-list", perm="congress.handle_proposals"),
    Entry("公开任务", "bi-megaphone", "disclosure:board", perm="disclosure.publish"),
    Entry("活动覆盖", "bi-pie-chart", "events:coverage", perm="events.view_coverage"),
)

OFFICE_AREA = Area(
    "组织人员",
    (
        Entry("组织架构", "bi-diagram-3", "org:unit-tree"),
        Entry("职工名册", "bi-people", "org:person-list", perm="org.browse_people"),
        Entry("角色授权", "bi-person-badge", "org:role-list", perm="org.manage_roles"),
        Entry("花名册导入", "bi-file-earmark-arrow-up", "roster:import", perm="org.import_roster"),
        Entry("审计日志", "bi-clock-history", "audit:log-list", perm="audit.view_log"),
    ),
)


def menu_for(user) -> list[tuple[str, list[Entry]]]:
    entries = [e for e in OFFICE_AREA.entries if e.perm is None or can(user, e.perm)]
    desk = [
        Entry("首页", "bi-house", "web:home"),
        Entry("我的待办", "bi-list-check", "todo"),
        Entry("消息", "bi-bell", "notify:inbox"),
        Entry("我的诉求", "bi-chat-left-text", "appeals:mine"),
    ]
    desk += [e for e in HANDLING if e.perm is None or can(user, e.perm)]
    menu = [("工作台", desk)]
    menu += [(area.title, list(area.entries)) for area in PLAN_AREAS]
    if entries:
        menu.append((OFFICE_AREA.title, entries))
    return menu
