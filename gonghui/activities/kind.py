"""Culture and sports activities (plan tasks 10-11), declared to the events kernel."""

from gonghui.events.kinds import EventKind, register
from gonghui.events.rules import may_nominate_for_unit, may_organise_for_unit

CATEGORIES = {
    "hiking": "登山",
    "badminton": "羽毛球",
    "table_tennis": "乒乓球",
    "basketball": "篮球",
    "photography": "摄影",
    "reading": "读书",
    "calligraphy": "书画",
    "walking": "健步走",
    "other": "其他",
}

ACTIVITY = register(
    EventKind(
        key="activity",
        label="文体活动",
        counts_as="activity",
        may_organise=may_organise_for_unit,
        categories=CATEGORIES,
        icon="bi-bicycle",
        may_nominate=may_nominate_for_unit,
    )
)
