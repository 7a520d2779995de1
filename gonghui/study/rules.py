import rules

from gonghui.org.rules import union_office

# Without a record: may add one to the union they are office of; with one: office of its union.
rules.add_perm("study.manage", union_office)
