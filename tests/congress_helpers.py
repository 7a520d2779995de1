"""A term of the congress for the test union: 运行 and 设备 delegations, four representatives."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from gonghui.congress.models import Congress, Delegation, Representative, Session
from gonghui.org.models import Role, RoleAssignment
from tests.factories import make_employee, make_user


@dataclass
class Term:
    congress: object
    session: object
    run: object
    equip: object
    proposer: object  # 陈代表
    cosigner1: object  # 赵代表
    cosigner2: object  # 钱代表
    cosigner3: object  # 冯代表

    @property
    def reps(self):
        return [self.proposer, self.cosigner1, self.cosigner2, self.cosigner3]


def make_term(union, *, min_cosigners: int = 2, collecting: bool = True) -> Term:
    today = timezone.localdate()
    congress = Congress.objects.create(
        union=union.root,
        number=3,
        title="第三届职工代表大会",
        term_start=date(today.year - 1, 1, 1),
        term_end=date(today.year + 3, 12, 31),
    )
    run = Delegation.objects.create(congress=congress, name="运行代表团", unit=union.run_branch)
    equip = Delegation.objects.create(congress=congress, name="设备代表团", unit=union.equip_branch)
    opens = today - timedelta(days=5) if collecting else today - timedelta(days=60)
    session = Session.objects.create(
        congress=congress,
        number=2,
        title="三届二次职代会",
        held_on=today + timedelta(days=20),
        proposals_open=opens,
        proposals_close=opens + timedelta(days=30 if collecting else 10),
        min_cosigners=min_cosigners,
    )

    def rep(user, delegation):
        Representative.objects.create(
            congress=congress, delegation=delegation, user=user, kind="frontline", elected_on=date(today.year - 1, 1, 5)
        )
        RoleAssignment.objects.get_or_create(user=user, role=Role.REPRESENTATIVE, unit=delegation.unit)
        return user

    return Term(
        congress=congress,
        session=session,
        run=run,
        equip=equip,
        proposer=rep(union.representative, run),
        cosigner1=rep(make_user(make_employee(union.shift1, "赵代表", "H0101")), run),
        cosigner2=rep(make_user(make_employee(union.boiler_team, "钱代表", "H0102")), equip),
        cosigner3=rep(make_user(make_employee(union.fuel_dept, "冯代表", "H0103")), equip),
    )


def submit_proposal(term, *, cosigners=None, confidential=False, title="关于改善运行值班室通风条件的提案"):
    from gonghui.congress.services import proposal_submit

    return proposal_submit(
        actor=term.proposer,
        session=term.session,
        title=title,
        category="safety",
        reasons="夏季运行值班室温度超过 32℃，通风不良。",
        measures="加装新风系统，更换老旧空调。",
        cosigners=cosigners if cosigners is not None else [term.cosigner1, term.cosigner2],
        confidential=confidential,
    )
