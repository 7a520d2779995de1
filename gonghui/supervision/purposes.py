"""The congress's vote on a collective contract, declared to the ballot kernel."""

from gonghui.ballots.purposes import Purpose, register_purpose
from gonghui.org.rules import can

register_purpose(
    Purpose("contract_vote", "集体合同表决", may_manage=lambda user, ballot: can(user, "supervision.manage", ballot))
)
