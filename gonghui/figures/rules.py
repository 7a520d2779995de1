import rules

from gonghui.org.models import Role
from gonghui.org.rules import union_office
from gonghui.org.scopes import grants


@rules.predicate
def company_leader(user):
    return user.is_authenticated and any(g.role == Role.LEADER for g in grants(user))


# Aggregates only: the union office and the company's leaders, each of their own union.
rules.add_perm("figures.view_board", union_office | company_leader)
# A leader has nothing to handle: their first page is the board.
rules.add_perm("figures.land_on_board", company_leader & ~union_office)


def board_roots(user) -> list[str]:
    """The unions whose board this person sees: where they are office or a company leader."""
    from gonghui.org.scopes import office_root_paths, union_path_of

    roots = set(office_root_paths(user))
    roots.update(union_path_of(g.path) for g in grants(user) if g.role == Role.LEADER)
    return sorted(roots)
