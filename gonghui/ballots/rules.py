import rules

from gonghui.org.rules import union_office


@rules.predicate
def opened_it(user, ballot=None):
    return ballot is not None and ballot.created_by_id == user.pk


# Without a ballot: may open one for their union; with one: its union's office or who opened it.
rules.add_perm("ballots.manage", union_office | opened_it)
