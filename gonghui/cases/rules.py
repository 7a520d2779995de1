import rules

from gonghui.org.rules import union_office

# 督办: the union office of the case's union presses the units handling it.
rules.add_perm("cases.urge", union_office)
