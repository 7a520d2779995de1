from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gonghui.core.params import parse_int, parse_text
from gonghui.org.models import OrgUnit

from .registry import get_kind
from .selectors import most_ranked, search, similar

PER_PAGE = 20


def _unit(request, value):
    """A unit the user may see, to narrow the results to; anything else is no filter."""
    if (pk := parse_int(value, minimum=1)) is None:
        return None
    return OrgUnit.objects.visible_to(request.user).filter(pk=pk).first()


def _units(user):
    """The filter's choices: the unions and their branches and departments the user sees."""
    return OrgUnit.objects.visible_to(user).filter(depth__lte=2).order_by("path").only("pk", "name", "depth")[:200]


@require_GET
def results(request):
    text = parse_text(request.GET.get("q"))
    kind = request.GET.get("kind", "")
    kind = kind if get_kind(kind) else ""
    year = parse_int(request.GET.get("year"), minimum=2000, maximum=2100)
    unit = _unit(request, request.GET.get("unit"))
    page_number = parse_int(request.GET.get("page"), minimum=1, maximum=most_ranked() // PER_PAGE) or 1
    found = search(
        request.user,
        text,
        kind=kind,
        year=year,
        unit_path=unit.path if unit else None,
        offset=(page_number - 1) * PER_PAGE,
        limit=PER_PAGE,
    )
    page = Paginator(range(found.total), PER_PAGE).get_page(page_number)
    query = request.GET.copy()
    query.pop("page", None)
    facets = query.copy()
    facets.pop("kind", None)
    return render(
        request,
        "search/results.html",
        {
            "text": text,
            "found": found,
            "applied": {"kind": kind, "year": year, "unit": unit.pk if unit else None},
            "kinds": [(k, found.kind_label(k.key)) for k in found.kinds if k.key in found.by_kind or k.key == kind],
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "units": _units(request.user) if text else [],
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "querystring": query.urlencode(),
            "facet_querystring": facets.urlencode(),
        },
    )


@require_GET
def similar_items(request):
    """The few records most like a title being typed (htmx, debounced on the form)."""
    text = parse_text(request.GET.get("title"), max_length=200)
    kinds = [key for key in request.GET.get("kind", "").split(",") if get_kind(key)]
    hits = similar(request.user, text, kinds=kinds) if len(text) >= 2 else []
    return render(request, "search/_similar.html", {"hits": hits, "text": text})
