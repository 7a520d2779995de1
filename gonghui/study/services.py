"""The union office's study records: monthly study plans and the library of materials."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gonghui.core.db import save_fields
from gonghui.org.rules import can
from gonghui.org.scopes import require_same_union

from .models import Material, StudyPlan


@transaction.atomic
def study_record_save(*, actor, record: StudyPlan | Material, **fields) -> StudyPlan | Material:
    """A study plan or a material of the record's union; what it points at is that union's too."""
    if not can(actor, "study.manage", record):
        raise PermissionDenied("只有工会办公室可以维护学习计划和资料")
    require_same_union(record.union_id, fields)
    return save_fields(record, fields)
