import rules

from gonghui.org.rules import union_office

rules.add_perm("ballots.manage", union_office)  # without a ballot: may open one for their union
