"""Fills a bench database with appeals: `python bench/cases_data.py N` (run with the bench's environment).

Deterministic; the cases spread over categories, states and departments like a busy year would,
and one case gets a long timeline for the case-page measurement.
"""

import os
import random
import sys
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

import gonghui.appeals.kind  # noqa: E402,F401
from gonghui.accounts.models import User  # noqa: E402
from gonghui.cases.models import Case, CaseCounter, CaseEvent, CaseUnit  # noqa: E402
from gonghui.core.db import refresh_planner_statistics  # noqa: E402
from gonghui.org.demo import demo_root  # noqa: E402
from gonghui.org.models import OrgUnit, UnitKind  # noqa: E402

CATEGORIES = ["wages", "social_insurance", "safety", "welfare", "legal", "other", "union_conduct"]
STATES = ["submitted", "assigned", "processing", "answered", "closed", "closed", "closed"]
TITLES = [
    "加班费核算",
    "夜班补贴",
    "公积金基数",
    "劳保用品发放",
    "通道照明",
    "食堂伙食",
    "劳动合同续签",
    "年休假安排",
    "体检项目",
    "宿舍维修",
]


def main(n: int) -> None:
    rng = random.Random(7)
    now = timezone.now()
    year = timezone.localdate().year
    # The demo's power plant union; its small second union keeps its own few appeals.
    root = demo_root()
    union_id = root.pk
    requesters = list(
        User.objects.filter(employee__unit_path__startswith=root.path).values_list("pk", flat=True)[:2000]
    )
    departments = list(OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT, path__startswith=root.path))
    with transaction.atomic():
        Case.objects.filter(kind="appeal", union_id=union_id).delete()
        batch, units, seq = [], [], 0
        for i in range(n):
            seq += 1
            state = rng.choice(STATES)
            created = now - timedelta(minutes=rng.randrange(365 * 24 * 60))
            dept = rng.choice(departments) if state != "submitted" else None
            case = Case(
                union_id=union_id,
                kind="appeal",
                number=f"SQ-{year}-{seq:06d}",
                title=f"{rng.choice(TITLES)}问题{i % 97}",
                body="……",
                category=rng.choice(CATEGORIES),
                requester_id=rng.choice(requesters),
                anonymous=rng.random() < 0.1,
                state=state,
                lead_unit=dept,
                due_at=created + timedelta(days=7) if dept else None,
                first_response_at=created + timedelta(hours=rng.randint(1, 48)) if state != "submitted" else None,
                answered_at=created + timedelta(days=rng.randint(1, 9)) if state in ("answered", "closed") else None,
                closed_at=created + timedelta(days=rng.randint(2, 12)) if state == "closed" else None,
                rating=rng.choice(["satisfied", "basically", "unsatisfied"]) if state == "closed" else "",
            )
            case._dept = dept
            batch.append(case)
            if len(batch) == 5000:
                _flush(batch, units)
                batch = []
        _flush(batch, units)
        CaseCounter.objects.update_or_create(union_id=union_id, kind="appeal", year=year, defaults={"last": seq})
        long_one = Case.objects.filter(kind="appeal", state="processing").order_by("pk").first()
        CaseEvent.objects.bulk_create(
            [
                CaseEvent(
                    case=long_one, action="comment", label="留言", actor_id=requesters[0], text=f"第 {k} 次补充说明"
                )
                for k in range(300)
            ]
        )
    refresh_planner_statistics()
    print(long_one.pk)


def _flush(batch, units):
    Case.objects.bulk_create(batch)
    CaseUnit.objects.bulk_create(
        [
            CaseUnit(
                case=c,
                unit=c._dept,
                unit_path=c._dept.path,
                is_lead=True,
                due_at=c.due_at,
                waiting=c.state in ("assigned", "processing"),
            )
            for c in batch
            if c._dept
        ]
    )
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=c, action="submit", label="提出", actor_id=c.requester_id, actor_hidden=c.anonymous)
            for c in batch
        ]
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
