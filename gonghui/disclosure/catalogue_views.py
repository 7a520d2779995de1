"""The disclosure catalogue: what is disclosed, by which unit, how often, to whom; kept by the union office."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.paging import paginate
from gonghui.core.params import parse_id
from gonghui.org.forms import limit_units
from gonghui.org.models import OrgUnit
from gonghui.org.rules import can
from gonghui.org.scopes import acting_union_id, in_office_unions

from . import services
from .forms import ItemForm
from .models import Category, Item, Level
from .views import require_manager


def catalogue(request):
    paths = require_manager(request)
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
            "categories": Category.objects.visible_to(request.user).annotate(n=Count("items")),
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
