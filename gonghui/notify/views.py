from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core.paging import paginate
from gonghui.org.models import OrgUnit
from gonghui.org.rules import can

from . import services
from .forms import WebhookForm
from .models import Notification, UnitWebhook
from .services import mark_read


def inbox(request):
    notes = Notification.objects.filter(recipient=request.user)
    if request.GET.get("unread") == "1":
        notes = notes.filter(read_at__isnull=True)
    return render(
        request, "notify/inbox.html", {**paginate(request, notes), "unread_only": request.GET.get("unread") == "1"}
    )


@require_POST
def open_notification(request, pk):
    note = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if note.read_at is None:
        mark_read(request.user, note)
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notify:inbox")


@require_POST
def mark_all_read(request):
    mark_read(request.user)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect("notify:inbox")


def _managed_unit(request, pk) -> OrgUnit:
    """A unit whose robots this user manages: one outside what they may see is not there for
    them, one they may only look at is refused."""
    unit = get_object_or_404(OrgUnit, pk=pk)
    if not can(request.user, "org.view_unit", unit):
        raise Http404
    if not can(request.user, "org.manage_units", unit):
        raise PermissionDenied
    return unit


def _managed_hook(request, pk) -> UnitWebhook:
    hook = get_object_or_404(UnitWebhook.objects.select_related("unit"), pk=pk)
    _managed_unit(request, hook.unit_id)
    return hook


@require_POST
def webhook_add(request, unit_pk):
    unit = _managed_unit(request, unit_pk)
    form = WebhookForm(request.POST)
    if form.is_valid():
        try:
            hook = services.webhook_add(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已为{unit.name}添加{hook.get_channel_display()}。")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("org:unit-detail", pk=unit.pk)


@require_POST
def webhook_delete(request, pk):
    hook = _managed_hook(request, pk)
    services.webhook_delete(actor=request.user, hook=hook)
    messages.success(request, f"已删除{hook.unit.name}的{hook.get_channel_display()}。")
    return redirect("org:unit-detail", pk=hook.unit_id)


@require_POST
def webhook_test(request, pk):
    hook = _managed_hook(request, pk)
    services.webhook_test(actor=request.user, hook=hook)
    messages.success(request, "测试消息已排队发送，请到群里查看；发送失败会自动重试。")
    return redirect("org:unit-detail", pk=hook.unit_id)
