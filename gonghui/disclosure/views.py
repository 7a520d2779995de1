from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.cases.models import Case
from gonghui.core.paging import paginate
from gonghui.core.params import parse_id, parse_text
from gonghui.core.uploads import file_response

from . import services
from .forms import PublishForm, QuestionForm
from .models import Category, Disclosure, Frequency, Item, Question, Read, State


def require_manager(request) -> list[str] | None:
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
            "categories": Category.objects.visible_to(request.user),
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


def _publish_form_page(request, form, *, disclosure=None, item=None):
    return render(request, "disclosure/publish.html", {"form": form, "disclosure": disclosure, "item": item})


@require_http_methods(["GET", "POST"])
def publish(request, pk):
    # Another union's disclosure is not there; one of this union's units the user does not publish for is refused.
    theirs = Disclosure.objects.of_member_unions(request.user)
    disclosure = get_object_or_404(theirs.select_related("unit", "audience", "item"), pk=pk)
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
    theirs = Item.objects.visible_to(request.user)
    item = get_object_or_404(theirs.select_related("unit", "audience"), pk=pk, frequency=Frequency.EVENT)
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
    theirs = Question.objects.of_member_unions(request.user)
    question = get_object_or_404(theirs.select_related("disclosure__unit", "case"), pk=pk)
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


# The board and the figures
