"""What domains declare to the ballot kernel: the purposes they open ballots for, and the
decision rules a result is read against."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from gonghui.org.rules import can


@dataclass(frozen=True)
class Purpose:
    key: str
    label: str
    # (user, ballot) -> bool. At creation the ballot is unsaved: its union and purpose are set.
    may_manage: Callable
    # (user, ballot) -> bool: who sees the results besides the managers and, when the
    # organiser publishes them, the voters (the representative a duty report is about).
    sees_results: Callable | None = None


_PURPOSES: dict[str, Purpose] = {}


def register_purpose(purpose: Purpose) -> Purpose:
    _PURPOSES[purpose.key] = purpose
    return purpose


def get_purpose(key: str) -> Purpose:
    try:
        return _PURPOSES[key]
    except KeyError:
        raise LookupError(f"ballot purpose {key!r} is not registered") from None


register_purpose(Purpose("", "投票", may_manage=lambda user, ballot: can(user, "ballots.manage", ballot)))


@dataclass(frozen=True)
class Rule:
    """An item passes when its yes-votes reach `share` of the base — of the votes cast or of
    everyone eligible — strictly more than it when `strictly`; and only if at least `quorum`
    of the eligible voted."""

    key: str
    label: str
    share: Fraction
    of_eligible: bool = False
    strictly: bool = True
    quorum: Fraction = Fraction(0)

    def quorate(self, *, voted: int, eligible: int) -> bool:
        return voted > self.quorum * eligible if self.quorum else voted > 0

    def passes(self, yes: int, *, voted: int, eligible: int) -> bool:
        if not self.quorate(voted=voted, eligible=eligible):
            return False
        needed = self.share * (eligible if self.of_eligible else voted)
        return yes > needed if self.strictly else yes >= needed

    def explain(self, yes: int, *, voted: int, eligible: int) -> str:
        if not self.quorate(voted=voted, eligible=eligible):
            return f"实投 {voted} 人，未超过应投 {eligible} 人的{_fraction(self.quorum)}，表决无效"
        base = f"应投 {eligible} 人" if self.of_eligible else f"实投 {voted} 票"
        verdict = "通过" if self.passes(yes, voted=voted, eligible=eligible) else "未通过"
        return f"赞成 {yes} 票，{base}，{self.label}：{verdict}"


def _fraction(f: Fraction) -> str:
    return {Fraction(1, 2): "半数", Fraction(2, 3): "三分之二"}.get(f, f"{float(f):.0%}")


RULES = {
    rule.key: rule
    for rule in (
        Rule("majority_cast", "超过实投票数的半数", Fraction(1, 2)),
        Rule("majority_eligible", "超过应投人数的半数", Fraction(1, 2), of_eligible=True),
        Rule("two_thirds", "达到实投票数的三分之二", Fraction(2, 3), strictly=False),
        Rule("majority_with_quorum", "实投过半数且超过实投票数的半数", Fraction(1, 2), quorum=Fraction(1, 2)),
    )
}
