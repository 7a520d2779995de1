"""The union office's study records: monthly study plans and the library of materials."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gonghui.core.db import save_fields
from gonghui.org.models import OrgUnit, UnionOwned
from gonghui.org.rules import can
from gonghui.org.scopes import union_path

from .models import Material, StudyPlan


@transaction.atomic
def study_record_save(*, actor, record: StudyPlan | Material, **fields) -> StudyPlan | Material:
    """A study plan or a material of the record's union; what it points at is that union's too."""
    if not can(actor, "study.manage", record):
        raise PermissionDenied("只有工会办公室可以维护学习计划和资料")
    root = union_path(record.union_id)
    for name, value in fields.items():
        if isinstance(value, OrgUnit) and not value.path.startswith(root):
            raise ValidationError({name: "所选单位不属于本工会"})
        if isinstance(value, UnionOwned) and value.union_id != record.union_id:
            raise ValidationError({name: "所选内容不属于本工会"})
    return save_fields(record, fields)
