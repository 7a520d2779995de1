"""Making disclosures due, publishing them, reading them and questioning them: atomic, checked,
audited (models registered with auditlog; questions go through the cases kernel)."""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gonghui.cases.models import Case
from gonghui.cases.notices import union_office_users, unit_handlers
from gonghui.cases.services import as_requester, case_open
from gonghui.core.db import save_fields
from gonghui.core.numbers import percent
from gonghui.core.uploads import clean_upload
from gonghui.notify.services import notify_units, notify_users
from gonghui.org.models import Employee, EmploymentStatus, Role, under
from gonghui.org.rules import can
from gonghui.org.scopes import InUnion, acting_union_id, grants, office_root_paths, outermost, require_same_union

from .models import Attachment, Category, Disclosure, Frequency, Item, Question, Read, State

MAX_TABLE_ROWS = 500
DEFAULT_PUBLISH_DAYS = 30


def manages_unit(user, unit) -> bool:
    return can(user, "disclosure.publish_for", unit)


def managed_paths(user) -> list[str] | None:
    """Units whose disclosures this user publishes: the whole tree of the unions they are office
    of, and the subtrees they handle or chair. None means every unit (a superuser)."""
    if getattr(user, "is_superuser", False):
        return None
    return outermost(
        office_root_paths(user) + [g.path for g in grants(user) if g.role in (Role.HANDLER, Role.BRANCH_CHAIR)]
    )


def within_units(queryset, paths, field="unit__path"):
    if paths is None:
        return queryset
    condition = Q(pk__in=[])
    for path in paths:
        condition |= under(field, path)
    return queryset.filter(condition)


def period_of(frequency: str, day: date) -> tuple[str, date] | None:
    """The label and last day of the period containing `day`."""
    if frequency == Frequency.MONTHLY:
        end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        return f"{day.year}年{day.month}月", end
    if frequency == Frequency.QUARTERLY:
        quarter = (day.month - 1) // 3 + 1
        month = quarter * 3
        return f"{day.year}年第{quarter}季度", date(day.year, month, calendar.monthrange(day.year, month)[1])
    if frequency == Frequency.YEARLY:
        return f"{day.year}年度", date(day.year, 12, 31)
    return None


def _previous_day_of_period(frequency: str, day: date) -> date:
    label_end = period_of(frequency, day)[1]
    # Only the rule of this frequency is computed: a quarter's start from a January month
    # (month - 2 = -1) would raise, and once did, every January.
    if frequency == Frequency.MONTHLY:
        start = label_end.replace(day=1)
    elif frequency == Frequency.QUARTERLY:
        start = date(label_end.year, label_end.month - 2, 1)
    else:
        start = date(label_end.year, 1, 1)
    return start - timedelta(days=1)


def make_due(item: Item, day: date) -> Disclosure | None:
    """The item's disclosure for the period containing `day`, made once."""
    period = period_of(item.frequency, day)
    if period is None:
        return None
    label, end = period
    found = Disclosure.objects.filter(item=item, period_end=end).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Disclosure.objects.create(
                union_id=item.union_id,
                item=item,
                period=label,
                period_end=end,
                due_on=end + timedelta(days=item.grace_days),
                unit=item.unit,
                audience=item.audience,
                title=f"{item.title}（{label}）",
            )
    except IntegrityError:  # another run made it first
        return Disclosure.objects.get(item=item, period_end=end)


def _tell_unit(disclosure: Disclosure, title: str) -> None:
    url = reverse("disclosure:publish", args=[disclosure.pk])
    people = unit_handlers(disclosure.unit) if disclosure.unit.depth > 1 else union_office_users(disclosure.union_id)
    notify_users(people, title=title, body=disclosure.title, url=url)
    notify_units([disclosure.unit], title=title, body=disclosure.title, url=url)


def generate_due(now=None) -> dict:
    """Each periodic catalogue item's disclosures for the last and the current period, a reminder
    to the unit when one is made and another once it is overdue. Idempotent."""
    today = timezone.localdate(now)
    made = overdue = 0
    for item in Item.objects.filter(active=True).exclude(frequency=Frequency.EVENT).select_related("unit"):
        for day in (_previous_day_of_period(item.frequency, today), today):
            make_due(item, day)
    with transaction.atomic():
        fresh = list(Disclosure.objects.select_for_update().filter(state=State.DUE, reminded_at__isnull=True))
        for disclosure in fresh:
            Disclosure.objects.filter(pk=disclosure.pk).update(reminded_at=timezone.now())
            _tell_unit(disclosure, f"请按时公开：{disclosure.due_on:%m月%d日}前")
            made += 1
        late = list(
            Disclosure.objects.select_for_update().filter(
                state=State.DUE, due_on__lt=today, overdue_reminded_at__isnull=True
            )
        )
        for disclosure in late:
            Disclosure.objects.filter(pk=disclosure.pk).update(overdue_reminded_at=timezone.now())
            _tell_unit(disclosure, "厂务公开已逾期，请尽快公开")
            overdue += 1
        for union_id, count in Counter(d.union_id for d in late).items():
            notify_users(
                union_office_users(union_id),
                title=f"{count} 项厂务公开逾期未公开",
                url=reverse("disclosure:board") + "?state=overdue",
            )
    return {"disclosures_due": made, "disclosures_overdue": overdue}


def parse_table(text: str) -> list[list[str]]:
    """A table pasted from Excel arrives as tab-separated lines; the first line is the header."""
    rows = [line.split("\t") for line in (text or "").strip("\n").splitlines() if line.strip()]
    if len(rows) > MAX_TABLE_ROWS:
        raise ValidationError(f"表格最多 {MAX_TABLE_ROWS} 行，请改为上传 Excel 附件")
    if rows and any(len(r) > 30 for r in rows):
        raise ValidationError("表格最多 30 列")
    width = max((len(r) for r in rows), default=0)
    return [[cell.strip() for cell in row] + [""] * (width - len(row)) for row in rows]


@transaction.atomic
def disclosure_publish(
    *, actor, disclosure: Disclosure, title: str, body: str, table_text: str = "", publish_until=None, attachments=()
) -> Disclosure:
    disclosure = Disclosure.objects.select_for_update().select_related("unit").get(pk=disclosure.pk)
    if not manages_unit(actor, disclosure.unit):
        raise PermissionDenied(f"只有{disclosure.unit.name}的负责人或工会办公室可以公开")
    if disclosure.state == State.PUBLISHED:
        raise ValidationError("已经公开过了")
    table = parse_table(table_text)
    if not (body or "").strip() and not table and not attachments:
        raise ValidationError("请填写公开内容、粘贴表格或上传附件")
    today = timezone.localdate()
    publish_until = publish_until or today + timedelta(days=DEFAULT_PUBLISH_DAYS)
    if publish_until < today:
        raise ValidationError("公示截止日期不能早于今天")
    files = [clean_upload(upload) for upload in attachments]
    disclosure.title = (title or disclosure.title).strip()
    disclosure.body = (body or "").strip()
    disclosure.table = table
    disclosure.state = State.PUBLISHED
    disclosure.published_at = timezone.now()
    disclosure.publish_until = publish_until
    disclosure.published_by = actor
    disclosure.save()
    for file in files:
        Attachment.objects.create(
            disclosure=disclosure, file=file.content, thumbnail=file.thumbnail, name=file.name, size=file.size
        )
    return disclosure


@transaction.atomic
def disclosure_publish_event(*, actor, item: Item, **content) -> Disclosure:
    """An item disclosed whenever it happens (a tender, a promotion contest): made and published at once."""
    if item.frequency != Frequency.EVENT:
        raise ValidationError("定期公开的事项请在到期的公开任务中填报")
    if not manages_unit(actor, item.unit):
        raise PermissionDenied(f"只有{item.unit.name}的负责人或工会办公室可以公开")
    today = timezone.localdate()
    disclosure = Disclosure.objects.create(
        union_id=item.union_id,
        item=item,
        period=f"{today:%Y年%m月%d日}",
        period_end=today,
        periodic=False,
        due_on=today,
        unit=item.unit,
        audience=item.audience,
        title=content.get("title") or item.title,
    )
    return disclosure_publish(actor=actor, disclosure=disclosure, **content)


@transaction.atomic
def disclosure_withdraw(*, actor, disclosure: Disclosure) -> Disclosure:
    if not manages_unit(actor, disclosure.unit):
        raise PermissionDenied("无权撤回")
    if disclosure.state != State.PUBLISHED:
        raise ValidationError("只有已公开的内容可以撤回")
    disclosure.state = State.WITHDRAWN
    disclosure.save(update_fields=["state"])
    return disclosure


def mark_read(user, disclosure: Disclosure) -> None:
    if disclosure.state == State.PUBLISHED:
        Read.objects.get_or_create(disclosure=disclosure, user=user)


def audience_size(disclosure: Disclosure) -> int:
    return Employee.objects.filter(under("unit_path", disclosure.audience.path), status=EmploymentStatus.ACTIVE).count()


def reach(disclosure: Disclosure) -> tuple[int, int, int | None]:
    """(people who read it, people it was published to, percent)."""
    readers = disclosure.reads.filter(under("user__employee__unit_path", disclosure.audience.path)).count()
    size = audience_size(disclosure)
    return readers, size, percent(readers, size)


@transaction.atomic
def question_ask(*, actor, disclosure: Disclosure, title: str, body: str, anonymous: bool = False) -> Case:
    if disclosure.state != State.PUBLISHED or not Disclosure.objects.seen_by(actor).filter(pk=disclosure.pk).exists():
        raise PermissionDenied("只能对本人所在范围内已公开的内容提出询问")
    if not (title or "").strip() or not (body or "").strip():
        raise ValidationError("请填写问题和具体内容")
    case = case_open(
        kind="disclosure_question",
        requester=actor,
        title=title.strip(),
        body=body.strip(),
        category="question",
        anonymous=anonymous,
        lead_unit=disclosure.unit,
    )
    with as_requester(case, actor):
        Question.objects.create(case=case, disclosure=disclosure)
    return case


class NamesInAnswer(ValidationError):
    """The answer names people of the audience: shown to all of them once public."""

    def __init__(self, found: list[str]):
        self.found = found
        super().__init__(f"答复中出现了职工的姓名或号码（{'、'.join(found)}），公开后范围内所有人都能看到")


def names_in(text: str, audience) -> list[str]:
    """Names, employee numbers and phones of the audience's people that `text` contains.

    Checked against everybody in the audience, never against the asker alone: a warning that
    fired only for the asker's name would confirm to the unit who an anonymous asker is.
    """
    from gonghui.org.models import Employee

    people = Employee.objects.in_subtree(audience).values_list("name", "employee_no", "phone")
    found = []
    for name, number, phone in people.iterator(chunk_size=5000):
        for mark in (name, number, phone):
            if len(mark) >= 2 and mark in text and mark not in found:
                found.append(mark)
    return found


@transaction.atomic
def question_publish_answer(*, actor, question: Question, public: bool, names_checked: bool = False) -> Question:
    """Show (or stop showing) the unit's answer under the disclosure. An answer naming people of
    the audience needs `names_checked`: somebody has looked and still wants it public."""
    if not manages_unit(actor, question.disclosure.unit):
        raise PermissionDenied("只有责任单位可以决定是否公开答复")
    if public and question.case.answered_at is None:
        raise ValidationError("答复之后才能公开展示")
    if public and not names_checked and (found := names_in(question.case.answer, question.disclosure.audience)):
        raise NamesInAnswer(found)
    question.answer_public = public
    question.save(update_fields=["answer_public"])
    return question


# The catalogue: what is disclosed, by whom, how often.


@transaction.atomic
def item_save(*, actor, item: Item, **fields) -> Item:
    """A catalogue item, new or changed. A periodic, active one gets its current period's task at once."""
    if not can(actor, "disclosure.manage", item):
        raise PermissionDenied("只有工会办公室可以维护公开目录")
    require_same_union(item.union_id, fields)
    item = save_fields(item, fields)
    if item.frequency != Frequency.EVENT and item.active:
        make_due(item, timezone.localdate())
    return item


@transaction.atomic
def category_create(*, actor, name: str) -> Category:
    union_id = acting_union_id(actor)
    if not can(actor, "disclosure.manage", InUnion(union_id)):
        raise PermissionDenied("只有工会办公室可以增加公开类别")
    name = (name or "").strip()
    if not name or len(name) > 30:
        raise ValidationError("请填写类别名称（不超过 30 字）")
    taken = f"已有类别“{name}”"
    if Category.objects.filter(union_id=union_id, name=name).exists():
        raise ValidationError(taken)
    order = Category.objects.filter(union_id=union_id).count() + 1
    return save_fields(Category(union_id=union_id), {"name": name, "order": order}, conflict=taken)
