from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.cases.models import Case
from gonghui.core.forms import MultipleFileField, StyledFormMixin, UnitChoice
from gonghui.core.paging import paginate
from gonghui.core.params import parse_id, parse_text
from gonghui.core.uploads import file_response
from gonghui.excel.writer import write_table, xlsx_response
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id, in_member_unions, in_office_unions, office_root_paths

from . import services
from .models import Category, Disclosure, Frequency, Item, Level, Question, Read, State


def _require_manager(request) -> list[str] | None:
    paths = services.managed_paths(request.user)
    if paths == []:
        raise PermissionDenied
    return paths


def feed(request):
    """What has been made public to me."""
    disclosures = Disclosure.objects.seen_by(request.user).select_related("item__category", "unit")
    applied = {}
    if (category := parse_id(request.GET.get("category"))) is not None:
        disclosures, applied["category"] = disclosures.filter(item__category_id=category), category
    if q := parse_text(request.GET.get("q")):
        disclosures, applied["q"] = disclosures.filter(title__contains=q), q
    disclosures = disclosures.annotate(
        read=Exists(Read.objects.filter(disclosure=OuterRef("pk"), user=request.user))
    ).order_by("-published_at", "-id")
    return render(
        request,
        "disclosure/feed.html",
        {
            **paginate(request, disclosures, per_page=20),
            "applied": applied,
            "categories": Category.objects.filter(in_member_unions(request.user)),
            "manages": services.managed_paths(request.user) != [],
        },
    )


def _visible(request, pk) -> Disclosure:
    disclosure = get_object_or_404(Disclosure.objects.select_related("item__category", "unit", "audience"), pk=pk)
    if services.manages_unit(request.user, disclosure.unit):
        return disclosure
    if Disclosure.objects.seen_by(request.user).filter(pk=pk).exists():
        return disclosure
    raise Http404


class QuestionForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="您的问题", max_length=100)
    body = forms.CharField(label="具体说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    anonymous = forms.BooleanField(label="匿名提出（责任单位看不到您的姓名）", required=False)


def detail(request, pk):
    disclosure = _visible(request, pk)
    services.mark_read(request.user, disclosure)
    manages = services.manages_unit(request.user, disclosure.unit)
    public_answers = Case.objects.filter(
        disclosure_question__disclosure=disclosure, disclosure_question__answer_public=True, answered_at__isnull=False
    ).order_by("answered_at")
    in_audience = Disclosure.objects.seen_by(request.user).filter(pk=pk).exists()
    return render(
        request,
        "disclosure/detail.html",
        {
            "disclosure": disclosure,
            "manages": manages,
            "reach": services.reach(disclosure) if manages and disclosure.state == State.PUBLISHED else None,
            "question_count": disclosure.questions.count() if manages else None,
            "public_answers": public_answers,
            "question_form": QuestionForm() if in_audience else None,
            "my_questions": Case.objects.filter(disclosure_question__disclosure=disclosure, requester=request.user),
        },
    )


@require_POST
def ask(request, pk):
    disclosure = _visible(request, pk)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(f"{form.fields[f].label}：{'；'.join(e)}" for f, e in form.errors.items()))
        return redirect("disclosure:detail", pk=disclosure.pk)
    try:
        case = services.question_ask(actor=request.user, disclosure=disclosure, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("disclosure:detail", pk=disclosure.pk)
    messages.success(request, f"已提交，编号 {case.number}。{disclosure.unit.name}会答复您。")
    return redirect("cases:detail", pk=case.pk)


def attachment(request, pk, attachment_pk):
    disclosure = _visible(request, pk)
    item = get_object_or_404(disclosure.attachments, pk=attachment_pk)
    return file_response(request, file=item.file, name=item.name, thumbnail=item.thumbnail)


class PublishForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="公开内容", required=False, widget=forms.Textarea(attrs={"rows": 6}))
    table_text = forms.CharField(
        label="表格（可空：在 Excel 中选中区域复制，粘贴到这里，第一行为表头）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "font-monospace"}),
    )
    publish_until = forms.DateField(
        label="公示截止日期（默认 30 天）", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachments = MultipleFileField(label="附件（可空）", required=False)


def _publish_form_page(request, form, *, disclosure=None, item=None):
    return render(request, "disclosure/publish.html", {"form": form, "disclosure": disclosure, "item": item})


@require_http_methods(["GET", "POST"])
def publish(request, pk):
    disclosure = get_object_or_404(Disclosure.objects.select_related("unit", "audience", "item"), pk=pk)
    if not services.manages_unit(request.user, disclosure.unit):
        raise PermissionDenied
    form = PublishForm(request.POST or None, request.FILES or None, initial={"title": disclosure.title})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.disclosure_publish(actor=request.user, disclosure=disclosure, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(
                request, f"已向{disclosure.audience.name}公开，公示至 {disclosure.publish_until:%m月%d日}。"
            )
            return redirect("disclosure:detail", pk=disclosure.pk)
    return _publish_form_page(request, form, disclosure=disclosure)


@require_http_methods(["GET", "POST"])
def publish_event(request, pk):
    item = get_object_or_404(Item.objects.select_related("unit", "audience"), pk=pk, frequency=Frequency.EVENT)
    if not services.manages_unit(request.user, item.unit):
        raise PermissionDenied
    form = PublishForm(request.POST or None, request.FILES or None, initial={"title": item.title})
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = services.disclosure_publish_event(actor=request.user, item=item, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, "；".join(exc.messages))
        else:
            messages.success(request, f"已向{disclosure.audience.name}公开。")
            return redirect("disclosure:detail", pk=disclosure.pk)
    return _publish_form_page(request, form, item=item)


@require_POST
def withdraw(request, pk):
    disclosure = get_object_or_404(Disclosure, pk=pk)
    try:
        services.disclosure_withdraw(actor=request.user, disclosure=disclosure)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已撤回，职工不再能看到这项公开。")
    return redirect("disclosure:detail", pk=disclosure.pk)


@require_POST
def answer_public(request, pk):
    question = get_object_or_404(Question.objects.select_related("disclosure__unit", "case"), pk=pk)
    try:
        services.question_publish_answer(
            actor=request.user,
            question=question,
            public=request.POST.get("public") == "1",
            names_checked=request.POST.get("names_checked") == "1",
        )
    except services.NamesInAnswer as exc:
        messages.warning(request, f"{exc.messages[0]}。请修改答复后再公开；确需公开，请勾选“已核对”后再点一次。")
        return redirect(f"{reverse('cases:detail', args=[question.pk])}?names=1")
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "答复已在公开栏展示。" if question.answer_public else "答复不再公开展示。")
    return redirect("cases:detail", pk=question.pk)


# The catalogue


class ItemForm(StyledFormMixin, forms.ModelForm):
    unit = UnitChoice(label="责任单位", queryset=OrgUnit.objects.all())
    audience = UnitChoice(label="公开范围（该单位及下属全体职工）", queryset=OrgUnit.objects.all())

    class Meta:
        model = Item
        fields = ["title", "category", "level", "frequency", "unit", "audience", "grace_days", "active"]

    def clean(self):
        data = super().clean()
        unit, audience = data.get("unit"), data.get("audience")
        if unit and audience and not (audience.path.startswith(unit.path) or unit.path.startswith(audience.path)):
            self.add_error("audience", "公开范围应是责任单位本身、其上级或其下属单位")
        return data


def catalogue(request):
    paths = _require_manager(request)
    items = services.within_units(Item.objects.select_related("category", "unit", "audience"), paths)
    applied = {}
    if (category := parse_id(request.GET.get("category"))) is not None:
        items, applied["category"] = items.filter(category_id=category), category
    if (level := request.GET.get("level")) in Level.values:
        items, applied["level"] = items.filter(level=level), level
    return render(
        request,
        "disclosure/catalogue.html",
        {
            **paginate(request, items),
            "applied": applied,
            "categories": Category.objects.filter(in_member_unions(request.user)).annotate(n=Count("items")),
            "levels": Level.choices,
            "may_edit": can(request.user, "disclosure.manage"),
        },
    )


@require_http_methods(["GET", "POST"])
def item_edit(request, pk=None):
    if not can(request.user, "disclosure.manage"):
        raise PermissionDenied
    item = get_object_or_404(Item.objects.filter(in_office_unions(request.user)), pk=pk) if pk else None
    if not can(request.user, "disclosure.manage", item):
        raise PermissionDenied
    union_id = item.union_id if item else acting_union_id(request.user)
    form = ItemForm(request.POST or None, instance=item or Item(union_id=union_id))
    limit_units(form, OrgUnit.objects.subtree(OrgUnit.objects.get(pk=union_id)))
    form.fields["category"].queryset = Category.objects.filter(union_id=union_id)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_save(actor=request.user, item=form.instance, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存公开事项：{item.title}")
            return redirect("disclosure:catalogue")
    return render(request, "disclosure/item_form.html", {"form": form, "item": item})


@require_POST
def category_new(request):
    if not can(request.user, "disclosure.manage"):
        raise PermissionDenied
    try:
        category = services.category_create(actor=request.user, name=request.POST.get("name", ""))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已增加类别“{category.name}”")
    return redirect("disclosure:catalogue")


# The board and the figures


def board(request):
    paths = _require_manager(request)
    today = timezone.localdate()
    disclosures = services.within_units(Disclosure.objects.select_related("item__category", "unit"), paths)
    applied = {}
    state = request.GET.get("state", "")
    if state == "overdue":
        disclosures = disclosures.filter(state=State.DUE, due_on__lt=today)
    elif state in State.values:
        disclosures = disclosures.filter(state=state)
    if state:
        applied["state"] = state
    if (unit := parse_id(request.GET.get("unit"))) is not None:
        disclosures, applied["unit"] = disclosures.filter(unit_id=unit), unit
    if (category := parse_id(request.GET.get("category"))) is not None:
        disclosures, applied["category"] = disclosures.filter(item__category_id=category), category
    disclosures = disclosures.annotate(
        read_count=Count("reads", distinct=True), question_count=Count("questions", distinct=True)
    ).order_by("state", "due_on", "id")
    paging = paginate(request, disclosures)
    for d in paging["page"].object_list:
        d.overdue = d.is_overdue(today)
    units = services.within_units(OrgUnit.objects.filter(pk__in=Item.objects.values("unit")), paths, field="path")
    return render(
        request,
        "disclosure/board.html",
        {
            **paging,
            "applied": applied,
            "states": [("due", "待公开"), ("overdue", "已逾期"), ("published", "已公开"), ("withdrawn", "已撤回")],
            "units": units.values_list("pk", "name"),
            "categories": Category.objects.filter(in_member_unions(request.user)).values_list("pk", "name"),
            "event_items": services.within_units(Item.objects.filter(frequency=Frequency.EVENT, active=True), paths),
            "may_see_stats": can(request.user, "disclosure.manage"),
        },
    )


def _rate(part, whole):
    return round(part * 100 / whole) if whole else None


def compliance(paths=None) -> dict:
    """On-time publishing by unit and by category, and how questions were answered."""
    today = timezone.localdate()
    # What should be public by now: periodic disclosures past their date, and any already published.
    due = services.within_units(
        Disclosure.objects.filter(Q(due_on__lt=today) | Q(state=State.PUBLISHED), periodic=True).exclude(
            state=State.WITHDRAWN
        ),
        paths,
    )

    def figures(group):
        rows = (
            due.values(group)
            .annotate(
                total=Count("id", distinct=True),
                published=Count("id", filter=Q(state=State.PUBLISHED), distinct=True),
                on_time=Count(
                    "id", filter=Q(state=State.PUBLISHED, published_at__date__lte=F("due_on")), distinct=True
                ),
            )
            .order_by(group)
        )
        return [
            {
                "label": r[group],
                "total": r["total"],
                "published": r["published"],
                "on_time": r["on_time"],
                "rate": _rate(r["on_time"], r["total"]),
            }
            for r in rows
        ]

    questions = services.within_units(Case.objects.filter(kind="disclosure_question"), paths, field="lead_unit__path")
    q = questions.aggregate(
        total=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        on_time=Count("id", filter=Q(answered_at__isnull=False, answered_at__lte=F("due_at"))),
        rated=Count("id", filter=~Q(rating="")),
        satisfied=Count("id", filter=Q(rating__in=["satisfied", "basically"])),
    )
    return {
        "by_unit": figures("unit__name"),
        "by_category": figures("item__category__name"),
        "questions": {
            **q,
            "on_time_rate": _rate(q["on_time"], q["total"]),
            "satisfaction": _rate(q["satisfied"], q["rated"]),
        },
    }


def _office_paths(request) -> list[str]:
    if not can(request.user, "disclosure.manage"):
        raise PermissionDenied
    return office_root_paths(request.user)


def stats(request):
    figures = compliance(_office_paths(request))
    chart = {
        "categories": [r["label"] for r in figures["by_unit"]],
        "series": [{"name": "按时公开率（%）", "data": [r["rate"] or 0 for r in figures["by_unit"]]}],
    }
    return render(request, "disclosure/stats.html", {**figures, "chart": chart})


def stats_export(request):
    figures = compliance(_office_paths(request))

    def rows():
        for title, group in (("按责任单位", figures["by_unit"]), ("按类别", figures["by_category"])):
            yield [f"【{title}】"]
            for r in group:
                yield [r["label"], r["total"], r["published"], r["on_time"], r["rate"]]
        q = figures["questions"]
        yield ["【职工询问】"]
        yield ["件数", q["total"]]
        yield ["已答复", q["answered"]]
        yield ["按期答复率（%）", q["on_time_rate"]]
        yield ["满意率（%）", q["satisfaction"]]

    return xlsx_response(
        write_table(["分组", "应公开", "已公开", "按时公开", "按时公开率（%）"], rows(), sheet_name="厂务公开统计"),
        f"厂务公开统计-{timezone.localdate():%Y%m%d}.xlsx",
    )
