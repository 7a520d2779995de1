import rules

from gonghui.org.models import Role
from gonghui.org.rules import union_office
from gonghui.org.scopes import has_role, is_union_office


@rules.predicate
def branch_chair(user):
    return user.is_authenticated and has_role(user, Role.BRANCH_CHAIR)


def may_organise_for_unit(user, unit) -> bool:
    """The usual rule for a kind: the union office anywhere in its union, a branch chair within the branch."""
    return is_union_office(user, unit.path) or has_role(user, Role.BRANCH_CHAIR, over=unit.path)


def union_office_of_unit(user, unit) -> bool:
    """For kinds a domain's office pages make (a congress session, a patrol): the union office only."""
    return is_union_office(user, unit.path)


@rules.predicate
def organises(user, event):
    """Whoever opened it or may organise this kind for its unit, or its association's leaders."""
    if event is None or not user.is_authenticated:
        return False
    if not event.kind_spec.standalone:  # a domain's record: its rule alone, whoever made it
        return event.kind_spec.may_organise(user, event.organiser)
    if event.created_by_id == user.pk:
        return True
    if event.organised_by_group_id and event.organised_by_group.memberships.filter(user=user, is_leader=True).exists():
        return True
    return event.kind_spec.may_organise(user, event.organiser)


def may_nominate_for_unit(user, event, person) -> bool:
    """The usual rule for putting someone else's name down: the event's organisers for anyone
    in its audience, a branch chair for their own branch's people."""
    employee = getattr(person, "employee", None)
    return (
        is_union_office(user, event.union_path)
        or organises(user, event)
        or (employee is not None and has_role(user, Role.BRANCH_CHAIR, over=employee.unit_path))
    )


@rules.predicate
def kind_nominates(user, event):
    return event is not None and event.kind_spec.may_nominate is not None


rules.add_perm("events.view_coverage", union_office | branch_chair)
# Who is offered to sign others up: the kind lets someone, and this person runs the event or
# chairs a branch (the kind's rule then says for whom).
rules.add_perm("events.nominate", kind_nominates & (union_office | organises | branch_chair))
# The union office runs every event of its union, whatever its kind allows organisers.
rules.add_perm("events.manage", union_office | organises)
