"""Every change to the tree, people and membership goes through one function here.

Each is atomic, takes the acting user, checks permission, and leaves its trail in the
audit log (auditlog signals record before/after with the request's actor).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from .models import (
    ROLE_UNIT_KINDS,
    Employee,
    EmploymentStatus,
    MembershipEvent,
    MembershipEventKind,
    OrgUnit,
    Role,
    RoleAssignment,
    UnitKind,
    under,
)
from .rules import can

EDITABLE_FIELDS = ("name", "gender", "phone", "unit", "position", "hire_date", "status", "left_on", "member_no")


def _locked(employee: Employee) -> Employee:
    return Employee.objects.select_for_update().select_related("unit").get(pk=employee.pk)


@transaction.atomic
def employee_update(*, actor, employee: Employee, **changes) -> Employee:
    if not can(actor, "org.change_employee", employee):
        raise PermissionDenied("无权修改此职工信息")
    employee = _locked(employee)
    new_unit = changes.get("unit")
    if new_unit is not None and new_unit.pk != employee.unit_id:
        if new_unit.kind not in (UnitKind.DEPARTMENT, UnitKind.TEAM):
            raise ValidationError({"unit": "职工只能属于部门或班组"})
        moved = Employee(unit=new_unit, unit_path=new_unit.path)
        if not can(actor, "org.change_employee", moved):
            raise PermissionDenied("无权把职工调入该单位")
    changed = [f for f in EDITABLE_FIELDS if f in changes and getattr(employee, f) != changes[f]]
    if not changed:
        return employee
    old_unit = employee.unit
    for field in changed:
        setattr(employee, field, changes[field])
    if employee.status != EmploymentStatus.ACTIVE and not employee.left_on:
        employee.left_on = timezone.localdate()
        changed.append("left_on")
    employee.full_clean(exclude=["unit"])
    employee.save(update_fields=[*changed, "updated_at"])
    if "unit" in changed and employee.is_member and old_unit.branch_path != employee.unit.branch_path:
        MembershipEvent.objects.create(
            employee=employee,
            kind=MembershipEventKind.TRANSFER,
            occurred_on=timezone.localdate(),
            from_unit=old_unit,
            to_unit=employee.unit,
            note="调动随转会籍",
            recorded_by=actor,
        )
    if "status" in changed and employee.status != EmploymentStatus.ACTIVE:
        # Whoever leaves the company loses the login and every role with it.
        from gonghui.accounts.models import User

        for user in User.objects.filter(employee=employee, is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])
            user.role_assignments.all().delete()
        if employee.is_member:
            membership_leave(actor=actor, employee=employee, on=employee.left_on, note="离职/退休，会籍转出")
    return employee


@transaction.atomic
def membership_join(*, actor, employee: Employee, on: date, member_no: str = "", note: str = "") -> Employee:
    if not can(actor, "org.manage_membership", employee):
        raise PermissionDenied("无权办理此职工的会籍")
    employee = _locked(employee)
    if employee.is_member:
        raise ValidationError("该职工已是工会会员")
    if employee.status != EmploymentStatus.ACTIVE:
        raise ValidationError("非在职人员不能办理入会")
    employee.is_member = True
    employee.member_since = on
    employee.member_no = member_no or employee.member_no
    employee.save(update_fields=["is_member", "member_since", "member_no", "updated_at"])
    MembershipEvent.objects.create(
        employee=employee,
        kind=MembershipEventKind.JOIN,
        occurred_on=on,
        to_unit=employee.unit,
        note=note,
        recorded_by=actor,
    )
    return employee


@transaction.atomic
def membership_transfer(*, actor, employee: Employee, to_unit: OrgUnit, on: date, note: str = "") -> Employee:
    """Move a member to a unit of another branch union; the move and the membership go together."""
    if not employee.is_member:
        raise ValidationError("该职工不是会员，无需转会")
    if to_unit.branch_path == employee.unit.branch_path:
        raise ValidationError({"to_unit": "转会须转入其他分工会的部门或班组"})
    old_unit = employee.unit
    employee = employee_update(actor=actor, employee=employee, unit=to_unit)
    event = employee.membership_events.filter(kind=MembershipEventKind.TRANSFER, from_unit=old_unit).first()
    if event is not None:
        event.occurred_on, event.note = on, note or event.note
        event.save(update_fields=["occurred_on", "note"])
    return employee


@transaction.atomic
def membership_leave(*, actor, employee: Employee, on: date, note: str = "") -> Employee:
    if not can(actor, "org.manage_membership", employee):
        raise PermissionDenied("无权办理此职工的会籍")
    employee = _locked(employee)
    if not employee.is_member:
        raise ValidationError("该职工不是工会会员")
    employee.is_member = False
    employee.save(update_fields=["is_member", "updated_at"])
    MembershipEvent.objects.create(
        employee=employee,
        kind=MembershipEventKind.LEAVE,
        occurred_on=on,
        from_unit=employee.unit,
        note=note,
        recorded_by=actor,
    )
    return employee


def _account_for(employee: Employee):
    """The person's login, opened without a password if missing: they log in once the union
    office hands them a one-time password (accounts.services.account_notices)."""
    from gonghui.accounts.models import User

    user = User.objects.filter(employee=employee).first()
    if user is None:
        user = User(username=employee.employee_no, employee=employee, must_change_password=True)
        user.set_unusable_password()
        user.save()
    return user


@transaction.atomic
def role_grant(*, actor, employee: Employee, role: str, unit: OrgUnit) -> RoleAssignment:
    if not can(actor, "org.manage_roles"):
        raise PermissionDenied("无权授予角色")
    if unit.kind not in ROLE_UNIT_KINDS[role]:
        kinds = "、".join(UnitKind(k).label for k in ROLE_UNIT_KINDS[role])
        raise ValidationError({"unit": f"{Role(role).label}只能授予在{kinds}上"})
    if employee.status != EmploymentStatus.ACTIVE:
        raise ValidationError("非在职人员不能授予角色")
    user = _account_for(employee)
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if not created:
        raise ValidationError(f"{employee.name} 已在{unit.name}担任{Role(role).label}")
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    if not can(actor, "org.manage_roles"):
        raise PermissionDenied("无权撤销角色")
    if assignment.user_id == actor.pk and assignment.role == Role.CHAIR:
        raise ValidationError("不能撤销自己的工会主席角色，请由其他工会主席或干事办理")
    assignment.delete()


CHILD_KINDS = {
    UnitKind.COMPANY: UnitKind.BRANCH,
    UnitKind.BRANCH: UnitKind.DEPARTMENT,
    UnitKind.DEPARTMENT: UnitKind.TEAM,
}


@transaction.atomic
def unit_create(*, actor, parent: OrgUnit | None, name: str, code: str, sort_order: int = 0) -> OrgUnit:
    """Add a branch under the union, a department under a branch, or a team under a department."""
    if not can(actor, "org.manage_units"):
        raise PermissionDenied("无权调整组织架构")
    if OrgUnit.objects.filter(code=code).exists():
        raise ValidationError({"code": f"编码 {code} 已被使用"})
    values = {"name": name, "code": code, "sort_order": sort_order}
    if parent is None:
        if OrgUnit.objects.exists():
            raise ValidationError("公司工会已存在，新单位须建在某个单位之下")
        return OrgUnit.objects.add_root({**values, "kind": UnitKind.COMPANY})
    kind = CHILD_KINDS.get(parent.kind)
    if kind is None:
        raise ValidationError("班组之下不能再设单位")
    if OrgUnit.objects.filter(under("path", parent.path), depth=parent.depth + 1, name=name).exists():
        raise ValidationError({"name": f"{parent.name}下已有名为“{name}”的单位"})
    return OrgUnit.objects.add_child(OrgUnit.objects.get(pk=parent.pk), {**values, "kind": kind})


@transaction.atomic
def unit_update(*, actor, unit: OrgUnit, name: str, code: str, sort_order: int) -> OrgUnit:
    if not can(actor, "org.manage_units"):
        raise PermissionDenied("无权调整组织架构")
    if OrgUnit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        raise ValidationError({"code": f"编码 {code} 已被使用"})
    unit.name, unit.code, unit.sort_order = name, code, sort_order
    unit.save(update_fields=["name", "code", "sort_order"])
    return unit


@transaction.atomic
def unit_delete(*, actor, unit: OrgUnit) -> None:
    """Only an empty unit goes: people, sub-units and roles must be moved away first."""
    if not can(actor, "org.manage_units"):
        raise PermissionDenied("无权调整组织架构")
    if unit.depth == 1:
        raise ValidationError("不能删除公司工会")
    if OrgUnit.objects.filter(under("path", unit.path)).exclude(pk=unit.pk).exists():
        raise ValidationError("该单位下还有下级单位，请先删除或调整下级单位")
    if Employee.objects.filter(unit=unit).exists():
        raise ValidationError("该单位还有职工（含离职记录），不能删除")
    if RoleAssignment.objects.filter(unit=unit).exists():
        raise ValidationError("还有人在该单位担任角色，请先撤销这些角色")
    OrgUnit.objects.get(pk=unit.pk).delete()
