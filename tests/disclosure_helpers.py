"""A small catalogue for the test union: 运行一值's monthly bonus (a team-level item seen by that
team only), a company-level monthly report, and 党群工作部's per-event item."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from gonghui.disclosure.models import Category, Frequency, Item, Level
from gonghui.disclosure.services import disclosure_publish, make_due


@dataclass
class Catalogue:
    bonus: object  # 运行一值月度奖金分配, team level
    report: object  # 月度生产经营情况, company level, from 党群工作部
    event: object  # 岗位竞聘结果, per event
    published: object  # this month's bonus disclosure, published
    due: object  # this month's company report, still owed


def make_catalogue(union, *, publish=True) -> Catalogue:
    bonus_cat = Category.objects.create(union=union.root, name="奖金分配", order=1)
    business = Category.objects.create(union=union.root, name="生产经营", order=2)
    contest = Category.objects.create(union=union.root, name="岗位竞聘", order=3)
    bonus = Item.objects.create(
        union=union.root,
        title="运行一值月度奖金分配",
        category=bonus_cat,
        level=Level.TEAM,
        frequency=Frequency.MONTHLY,
        unit=union.shift1,
        audience=union.shift1,
    )
    report = Item.objects.create(
        union=union.root,
        title="月度生产经营情况",
        category=business,
        level=Level.COMPANY,
        frequency=Frequency.MONTHLY,
        unit=union.office_dept,
        audience=union.root,
    )
    event = Item.objects.create(
        union=union.root,
        title="岗位竞聘结果",
        category=contest,
        level=Level.COMPANY,
        frequency=Frequency.EVENT,
        unit=union.office_dept,
        audience=union.root,
    )
    today = timezone.localdate()
    published = make_due(bonus, today)
    if publish:
        published = disclosure_publish(
            actor=union.branch_chair,
            disclosure=published,
            title=published.title,
            body="本月奖金按考核得分分配。",
            table_text="姓名\t考核得分\t奖金（元）\n吴职工\t96\t2300\n赵某\t92\t2100",
        )
    return Catalogue(bonus=bonus, report=report, event=event, published=published, due=make_due(report, today))
