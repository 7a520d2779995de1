"""A filed collective contract with an inspection, a draft for the next one, a joint meeting and
a patrol that 陈代表 took part in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from gonghui.supervision.models import Contract, ContractState, Inspection, JointMeeting, Patrol
from gonghui.supervision.services import minutes_save


@dataclass
class Oversight:
    filed: object
    draft: object
    inspection: object
    meeting: object
    patrol: object


def make_oversight(union) -> Oversight:
    today = timezone.localdate()
    filed = Contract.objects.create(
        union=union.root,
        title="2024—2026 年集体合同",
        kind="general",
        text="第一条 为维护职工合法权益……",
        state=ContractState.FILED,
        signed_on=date(2024, 3, 20),
        filed_on=date(2024, 4, 2),
        filing_authority="市人力资源和社会保障局",
        effective_from=date(2024, 4, 1),
        expires_on=today + timedelta(days=400),
    )
    draft = Contract.objects.create(
        union=union.root, title="2027—2029 年集体合同", kind="general", text="第一条 ……", version=2, previous=filed
    )
    inspection = Inspection.objects.create(
        union=union.root,
        contract=filed,
        year=today.year,
        held_on=today,
        inspectors="王主席、陈代表",
        summary="总体履约良好。",
    )
    meeting = minutes_save(
        actor=union.staff,
        record=JointMeeting(union=union.root),
        title="第二季度工会与行政联席会议",
        held_on=today,
        attendees="公司领导、工会委员",
        minutes="研究职工夏季防暑降温工作。",
    )
    patrol = minutes_save(
        actor=union.staff,
        record=Patrol(union=union.root),
        topic="夏季防暑降温落实情况巡察",
        held_on=today,
        places="运行部、设备部",
        participants=[union.representative],
    )
    return Oversight(filed=filed, draft=draft, inspection=inspection, meeting=meeting, patrol=patrol)
