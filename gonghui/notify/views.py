from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.web.paging import paginate

from .models import Notification


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
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notify:inbox")


@require_POST
def mark_all_read(request):
    Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect("notify:inbox")
