import rules

from gonghui.org.models import Role
from gonghui.org.scopes import grants


@rules.predicate
def works_at_a_desk(user):
    """Union staff land on the workbench; a workers' representative is a worker first (on a
    phone, in the service hall), like everybody without a role."""
    return user.is_authenticated and (user.is_superuser or any(g.role != Role.REPRESENTATIVE for g in grants(user)))


rules.add_perm("web.use_workbench", works_at_a_desk)
