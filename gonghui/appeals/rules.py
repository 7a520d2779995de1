import rules

from gonghui.org.rules import handles_cases, union_office

rules.add_perm("appeals.handle", union_office | handles_cases)
rules.add_perm("appeals.view_stats", union_office)
