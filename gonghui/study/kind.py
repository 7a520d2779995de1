"""Political study sessions and union cadre training, declared to the events kernel."""

from gonghui.events.kinds import EventKind, register
from gonghui.events.rules import may_organise_for_unit

STUDY = register(
    EventKind(
        key="study",
        label="政治学习",
        counts_as="study",
        may_organise=may_organise_for_unit,
        categories={"theory": "理论学习", "policy": "政策学习", "reading": "读书分享", "ethics": "职业道德"},
        icon="bi-book",
    )
)
CADRE_TRAINING = register(
    EventKind(
        key="cadre_training",
        label="工会干部培训",
        counts_as="training",
        may_organise=may_organise_for_unit,
        categories={"business": "工会业务", "law": "法律法规", "skills": "履职能力"},
        icon="bi-mortarboard",
        default_hours=4,
    )
)
