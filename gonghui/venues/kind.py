"""Lectures held in the union's halls (health, legal, technical), declared to the events kernel."""

from gonghui.events.kinds import EventKind, register
from gonghui.events.rules import may_organise_for_unit

LECTURE = register(
    EventKind(
        key="lecture",
        label="讲座",
        counts_as="lecture",
        may_organise=may_organise_for_unit,
        categories={"health": "健康讲座", "legal": "法律讲座", "technical": "技术讲座", "ethics": "道德讲堂"},
        icon="bi-easel",
        default_hours=1.5,
    )
)
