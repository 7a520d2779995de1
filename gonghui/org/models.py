from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

STEPLEN = 4


def paths_above(path: str) -> list[str]:
    """The path of every unit from the root down to the one at `path`, itself included."""
    return [path[:end] for end in range(STEPLEN, len(path) + 1, STEPLEN)]


def under(field: str, path: str) -> Q:
    """Rows whose tree path starts with `path`, as a range both databases answer from an index.

    A LIKE 'prefix%' is case-insensitive on SQLite and carries an ESCAPE clause, so SQLite
    scans the whole table for it. Paths are upper-case base-36 ([0-9A-Z]), which sorts the
    same under every collation, so every descendant lies between the path and the path
    followed by the highest digit, "Z", for as many levels as a tree can have.
    """
    return Q(**{f"{field}__gte": path, f"{field}__lte": path + "Z" * (255 - len(path))})


class UnitKind(models.TextChoices):
    COMPANY = "company", "公司工会"
    BRANCH = "branch", "分工会"
    DEPARTMENT = "department", "部门"
    TEAM = "team", "班组"


class OrgUnitQuerySet(MP_NodeQuerySet):
    def visible_to(self, user) -> OrgUnitQuerySet:
        """Units a user may browse: the whole tree of each union they belong to.

        A union's tree is not confidential (it is printed on every notice board); what is
        scoped is the people and files inside it. Another union's tree is none of their business.
        """
        from .scopes import member_union_ids, union_paths

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "is_superuser", False):
            return self
        roots = union_paths()
        condition = Q(pk__in=[])
        for union_id in member_union_ids(user):
            condition |= under("path", roots[union_id])
        return self.filter(condition)

    def roots(self) -> OrgUnitQuerySet:
        return self.filter(depth=1)

    def subtree(self, unit: OrgUnit) -> OrgUnitQuerySet:
        return self.filter(under("path", unit.path))


def in_display_order(units) -> list:
    """Units as a tree reads them: each under its parent, siblings by their 排序 then name.
    (Paths keep the order units were added in, since a path never changes.) A level whose
    unit is not in the list sorts by its path."""
    by_path = {u.path: u for u in units}

    def key(unit):
        levels = []
        for depth in range(1, unit.depth + 1):
            prefix = unit.path[: depth * OrgUnit.steplen]
            known = by_path.get(prefix)
            levels.append((known.sort_order, known.name, prefix) if known else (0, "", prefix))
        return levels

    return sorted(units, key=key)


class OrgUnitManager(MP_NodeManager.from_queryset(OrgUnitQuerySet)):
    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")


class OrgUnit(MP_Node):
    steplen = STEPLEN
    # No node_order_by: a new unit goes after its siblings and no unit's path ever changes.
    # Sorted insertion would shift every later sibling's path, while employees, cases and
    # ballots keep a copy of theirs (unit_path, audience_path) that scope questions read:
    # one branch's people would have read as the next branch's.

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=16, choices=UnitKind.choices)
    code = models.CharField("编码", max_length=32, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = OrgUnitManager()

    class Meta:
        verbose_name = "组织单位"
        verbose_name_plural = "组织单位"

    def __str__(self) -> str:
        return self.name

    def ancestor_path(self, kind: str) -> str | None:
        from .scopes import nearest_of_kind

        return nearest_of_kind(self.path, kind)

    @property
    def branch_path(self) -> str | None:
        return self.ancestor_path(UnitKind.BRANCH)

    @property
    def union_path(self) -> str:
        return self.path[:STEPLEN]


class UnionQuerySet(models.QuerySet):
    # The path from the record to its union: a record kept under a UnionOwned parent (a
    # congress's session) names the way up instead of copying the union onto itself.
    union_field = "union"

    def of_member_unions(self, user) -> UnionQuerySet:
        """The records of the unions the person belongs to: the edge past which a record is
        not found (404) rather than refused (403)."""
        from .scopes import in_member_unions

        return self.filter(in_member_unions(user, self.union_field))

    def visible_to(self, user) -> UnionQuerySet:
        """What every member of the record's union may open (a venue, an association, a study
        plan, a catalogue category). Records with narrower rules override this."""
        return self.of_member_unions(user)


class UnionOwned(models.Model):
    """A record kept by one enterprise union: its scope questions start at the union's root."""

    objects = UnionQuerySet.as_manager()

    # No index of its own: lists read off their ordering indexes (a union holds most of a
    # table's rows), and a lone index here would tempt the planner to sort every matching row.
    union = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="所属工会",
        limit_choices_to={"depth": 1},
        db_index=False,
    )

    class Meta:
        abstract = True

    @property
    def union_path(self) -> str | None:
        from .scopes import union_path

        return union_path(self.union_id)


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", "在职"
    LEFT = "left", "离职"
    RETIRED = "retired", "退休"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class EmployeeQuerySet(models.QuerySet):
    def visible_to(self, user) -> EmployeeQuerySet:
        from .scopes import people_scope_paths

        if not getattr(user, "is_authenticated", False):
            return self.none()
        paths = people_scope_paths(user)
        if paths is None:
            return self
        condition = Q(pk__in=[])
        for path in paths:
            condition |= under("unit_path", path)
        # Oneself, unless already in the scope: a bare subtree range lets the list be read off
        # the (unit_path, employee_no) index in order, where an OR makes the database sort.
        own = getattr(user, "employee", None) if user.employee_id else None
        if own is not None and not any(own.unit_path.startswith(p) for p in paths):
            condition |= Q(pk=user.employee_id)
        return self.filter(condition)

    def in_subtree(self, unit: OrgUnit) -> EmployeeQuerySet:
        return self.filter(under("unit_path", unit.path))


class Employee(models.Model):
    """A person on the company's roster. Union membership is kept beside it."""

    employee_no = models.CharField("工号", max_length=20, unique=True)
    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=1, choices=Gender.choices)
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    birth_date = models.DateField("出生日期")
    phone = models.CharField("手机号", max_length=11, unique=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name="所在部门/班组")
    # Copy of unit.path: scope filters become one indexed range on this table, no join. The
    # (unit_path, employee_no) index below serves that range; a second one would only slow
    # every insert of a roster import.
    unit_path = models.CharField(max_length=255, editable=False)
    position = models.CharField("岗位", max_length=50, blank=True)
    hire_date = models.DateField("入职日期", null=True, blank=True)
    status = models.CharField(
        "在职状态", max_length=10, choices=EmploymentStatus.choices, default=EmploymentStatus.ACTIVE
    )
    left_on = models.DateField("离职日期", null=True, blank=True)
    is_member = models.BooleanField("工会会员", default=False)
    member_since = models.DateField("入会日期", null=True, blank=True)
    member_no = models.CharField("会员证号", max_length=30, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        verbose_name = "职工"
        verbose_name_plural = "职工"
        ordering = ["employee_no"]
        indexes = [
            models.Index(fields=["unit_path", "employee_no"], name="employee_scope_order"),
            # A name search lists by name: read off this index in order, never sorted.
            models.Index(fields=["name", "employee_no"], name="employee_name"),
            models.Index(fields=["status", "employee_no"], name="employee_status_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_no}）"

    def save(self, *args, **kwargs):
        self.unit_path = self.unit.path
        if kwargs.get("update_fields") is not None and "unit" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "unit_path"}
        super().save(*args, **kwargs)

    @property
    def masked_id_number(self) -> str:
        return f"{self.id_number[:6]}********{self.id_number[-4:]}"

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]}"


class MembershipEventKind(models.TextChoices):
    JOIN = "join", "入会"
    TRANSFER = "transfer", "转会"
    LEAVE = "leave", "退会"


class MembershipEvent(models.Model):
    """History of a person's union membership: joining, transfer between branches, leaving."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="membership_events", verbose_name="职工"
    )
    kind = models.CharField("类型", max_length=10, choices=MembershipEventKind.choices)
    occurred_on = models.DateField("日期")
    from_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="原单位"
    )
    to_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="新单位"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "会籍变动"
        verbose_name_plural = "会籍变动"
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"


class Role(models.TextChoices):
    CHAIR = "chair", "工会主席"
    STAFF = "staff", "工会干事"
    BRANCH_CHAIR = "branch_chair", "分工会主席"
    HANDLER = "handler", "部门承办人"
    REPRESENTATIVE = "representative", "职工代表"
    AUDITOR = "auditor", "经审委员"
    INSPECTOR = "inspector", "劳动保护监督检查员"
    LEADER = "leader", "公司领导"


# Which kind of unit each role is held over; the role reaches that unit's whole subtree.
ROLE_UNIT_KINDS = {
    Role.CHAIR: {UnitKind.COMPANY},
    Role.STAFF: {UnitKind.COMPANY},
    Role.BRANCH_CHAIR: {UnitKind.BRANCH},
    Role.HANDLER: {UnitKind.DEPARTMENT},
    Role.REPRESENTATIVE: {UnitKind.COMPANY, UnitKind.BRANCH, UnitKind.DEPARTMENT, UnitKind.TEAM},
    Role.AUDITOR: {UnitKind.COMPANY},
    Role.INSPECTOR: {UnitKind.COMPANY, UnitKind.BRANCH, UnitKind.DEPARTMENT},
    Role.LEADER: {UnitKind.COMPANY},
}


class RoleAssignment(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name="用户"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="role_assignments", verbose_name="范围")
    granted_at = models.DateTimeField("授权时间", auto_now_add=True)

    class Meta:
        verbose_name = "角色授权"
        verbose_name_plural = "角色授权"
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_assignment")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} @ {self.unit}"
