from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.org.models import OrgUnit
from gonghui.org.rules import can
from gonghui.web.forms import StyledFormMixin
from gonghui.web.paging import paginate

from .models import Notification, UnitWebhook
from .robots import check_robot_url
from .services import mark_read, notify_units


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


class WebhookForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = UnitWebhook
        fields = ["channel", "url"]

    def clean(self):
        data = super().clean()
        if data.get("url") and data.get("channel"):
            try:
                check_robot_url(data["url"], data["channel"])
            except ValidationError as exc:
                self.add_error("url", exc)
        return data


def _require_units(request):
    if not can(request.user, "org.manage_units"):
        raise PermissionDenied


@require_POST
def webhook_add(request, unit_pk):
    _require_units(request)
    unit = get_object_or_404(OrgUnit, pk=unit_pk)
    form = WebhookForm(request.POST, instance=UnitWebhook(unit=unit))
    if form.is_valid():
        form.save()
        messages.success(request, f"已为{unit.name}添加{form.instance.get_channel_display()}。")
    else:
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
    return redirect("org:unit-detail", pk=unit.pk)


@require_POST
def webhook_delete(request, pk):
    _require_units(request)
    hook = get_object_or_404(UnitWebhook.objects.select_related("unit"), pk=pk)
    hook.delete()
    messages.success(request, f"已删除{hook.unit.name}的{hook.get_channel_display()}。")
    return redirect("org:unit-detail", pk=hook.unit_id)


@require_POST
def webhook_test(request, pk):
    _require_units(request)
    hook = get_object_or_404(UnitWebhook.objects.select_related("unit"), pk=pk)
    notify_units([hook.unit], title=f"【测试】{hook.unit.name}的群机器人已接入工会工作平台")
    messages.success(request, "测试消息已排队发送，请到群里查看；发送失败会自动重试。")
    return redirect("org:unit-detail", pk=hook.unit_id)
