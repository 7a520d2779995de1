from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gonghui.events.models import Group, GroupMember
from gonghui.org.rules import can
from gonghui.org.scopes import InUnion, acting_union_id, member_union_ids

from .models import Association


@transaction.atomic
def association_create(*, actor, name: str, category: str = "", description: str = "", leaders=()) -> Association:
    union_id = acting_union_id(actor)
    if not can(actor, "activities.manage", InUnion(union_id)):
        raise PermissionDenied("只有工会办公室可以成立协会")
    if Association.objects.filter(union_id=union_id, name=name.strip()).exists():
        raise ValidationError(f"已有“{name}”")
    group = Group.objects.create(union_id=union_id, name=name.strip())
    GroupMember.objects.bulk_create([GroupMember(group=group, user=u, is_leader=True) for u in leaders])
    return Association.objects.create(
        union_id=union_id, name=name.strip(), category=category, description=description, group=group
    )


@transaction.atomic
def association_join(*, user, association: Association) -> GroupMember:
    if association.union_id not in member_union_ids(user):
        raise PermissionDenied("只有本工会的职工可以加入")
    if not association.open_to_join:
        raise ValidationError("该协会需由负责人吸收会员")
    member, created = GroupMember.objects.get_or_create(group=association.group, user=user)
    if not created:
        raise ValidationError("您已是会员")
    return member


@transaction.atomic
def association_leave(*, user, association: Association) -> None:
    member = GroupMember.objects.filter(group=association.group, user=user).first()
    if member is None:
        raise ValidationError("您不是会员")
    if member.is_leader and association.group.memberships.filter(is_leader=True).count() == 1:
        raise ValidationError("您是唯一的负责人，请先请工会指定新的负责人")
    member.delete()


@transaction.atomic
def association_set_leader(*, actor, association: Association, user, leader: bool) -> GroupMember:
    if not can(actor, "activities.manage", association):
        raise PermissionDenied("只有工会办公室可以指定协会负责人")
    member, _ = GroupMember.objects.get_or_create(group=association.group, user=user)
    member.is_leader = leader
    member.save(update_fields=["is_leader"])
    return member
