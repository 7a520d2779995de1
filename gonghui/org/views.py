from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from gonghui.core.cache import generation
from gonghui.core.paging import paginate
from gonghui.core.params import parse_id

from . import services
from .forms import EmployeeForm, MembershipForm, UnitForm
from .models import Employee, OrgUnit, UnitKind
from .rules import can
from .scopes import acting_union_id, people_scope_paths
from .selectors import ancestors_of, people_filtered, people_order, unit_choices, unit_tree_with_counts

PEOPLE_STATUSES = [("active", "在职"), ("left", "离职"), ("retired", "退休"), ("all", "全部")]
PEOPLE_MEMBERSHIP = [("", "全部"), ("1", "会员"), ("0", "非会员")]


def _visible_employee(request, pk) -> Employee:
    # Someone outside the scope gets the same 404 as for a number that does not exist.
    return get_object_or_404(Employee.objects.visible_to(request.user).select_related("unit"), pk=pk)


def error_text(exc: ValidationError) -> str:
    return (
        "；".join(m for msgs in exc.message_dict.values() for m in msgs)
        if hasattr(exc, "error_dict")
        else "；".join(exc.messages)
    )


def unit_tree(request):
    units = unit_tree_with_counts(request.user)
    return render(
        request,
        "org/unit_tree.html",
        {
            "units": units,
            "may_browse_people": can(request.user, "org.browse_people"),
            "may_manage_units": can(request.user, "org.manage_units"),
        },
    )


def person_list(request):
    if not can(request.user, "org.browse_people"):
        raise PermissionDenied
    qs, applied = people_filtered(request.user, request.GET)

    def person_row(person):
        sensitive = can(request.user, "org.view_sensitive", person)
        return {
            "pk": person.pk,
            "employee_no": person.employee_no,
            "name": person.name,
            "gender": person.get_gender_display(),
            "unit": person.unit.name,
            "position": person.position,
            "phone": person.phone if sensitive else person.masked_phone,
            "is_member": person.is_member,
            "status": person.get_status_display(),
        }

    # Rows and total are kept until somebody on the roster changes: counting 50,000 people
    # through the scope filter, or walking 20,000 of them to a deep page, is most of the cost.
    paging = paginate(
        request,
        lambda: qs.select_related("unit").order_by(*people_order(applied)),
        cache_count="people",
        row=person_row,
    )
    context = {
        **paging,
        "filters": {
            "q": applied.get("q", ""),
            "unit": applied["unit"].pk if "unit" in applied else None,
            "units": unit_choices(people_scope_paths(request.user)),
            "status": request.GET.get("status", "active"),
            "statuses": PEOPLE_STATUSES,
            "member": applied.get("member", ""),
            "members": PEOPLE_MEMBERSHIP,
        },
        "applied": applied,
        "may_export": can(request.user, "org.export_roster"),
        "may_import": can(request.user, "org.import_roster"),
    }
    template = "org/_person_rows.html" if request.headers.get("HX-Request") else "org/person_list.html"
    return render(request, template, context)


def person_detail(request, pk):
    employee = _visible_employee(request, pk)
    may_manage_membership = can(request.user, "org.manage_membership", employee)
    return render(
        request,
        "org/person_detail.html",
        {
            "person": employee,
            "ancestors": ancestors_of(employee.unit),
            "events": employee.membership_events.select_related("from_unit", "to_unit", "recorded_by__employee")[:50],
            "account": getattr(employee, "user", None),
            "may_edit": can(request.user, "org.change_employee", employee),
            "may_see_sensitive": can(request.user, "org.view_sensitive", employee),
            "may_manage_membership": may_manage_membership,
            "membership_fields": _membership_fields() if may_manage_membership else "",
        },
    )


def _membership_fields() -> str:
    """The membership form's fields, the same on every person's page (today's date, the
    company's departments and teams): drawn once a day or until a unit changes. Drawing its
    widgets, the unit list above all, was a quarter of the page's time."""
    return cache.get_or_set(
        f"membership-fields:{generation('people')}:{timezone.localdate()}",
        lambda: render_to_string("org/_membership_fields.html", {"form": MembershipForm()}),
        3600,
    )


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    employee = _visible_employee(request, pk)
    if not can(request.user, "org.change_employee", employee):
        raise PermissionDenied
    initial = {f: getattr(employee, f) for f in services.EDITABLE_FIELDS}
    form = EmployeeForm(request.POST or None, initial=initial, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_update(actor=request.user, employee=employee, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"已保存 {employee.name} 的信息。")
            return redirect("org:person-detail", pk=employee.pk)
    return render(request, "org/person_edit.html", {"person": employee, "form": form})


@require_POST
def person_membership(request, pk):
    employee = _visible_employee(request, pk)
    if not can(request.user, "org.manage_membership", employee):
        raise PermissionDenied
    form = MembershipForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        return redirect("org:person-detail", pk=employee.pk)
    data = form.cleaned_data
    try:
        match data["action"]:
            case "join":
                services.membership_join(
                    actor=request.user,
                    employee=employee,
                    on=data["occurred_on"],
                    member_no=data["member_no"],
                    note=data["note"],
                )
                messages.success(request, f"{employee.name} 已办理入会。")
            case "transfer":
                services.membership_transfer(
                    actor=request.user,
                    employee=employee,
                    to_unit=data["to_unit"],
                    on=data["occurred_on"],
                    note=data["note"],
                )
                messages.success(request, f"{employee.name} 已转会至 {data['to_unit'].name}。")
            case "leave":
                services.membership_leave(
                    actor=request.user, employee=employee, on=data["occurred_on"], note=data["note"]
                )
                messages.success(request, f"{employee.name} 已办理退会。")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "无权办理")
    return redirect("org:person-detail", pk=employee.pk)


def unit_detail(request, pk):
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    units = [u for u in unit_tree_with_counts(request.user) if u.path.startswith(unit.path)]
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": units[0],
            "children": [u for u in units if u.depth == unit.depth + 1],
            "ancestors": ancestors_of(unit)[:-1],
            "may_browse_people": can(request.user, "org.browse_people"),
            "may_manage_units": can(request.user, "org.manage_units", unit),
            "may_issue_accounts": can(request.user, "org.issue_accounts", unit),
            "child_kind": services.CHILD_KINDS.get(unit.kind),
        },
    )


def _require_units(request, unit=None):
    if not can(request.user, "org.manage_units", unit):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def unit_create(request):
    parent = None
    if parent_id := request.GET.get("parent") or request.POST.get("parent"):
        parent = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=parse_id(parent_id) or 0)
    # A new root is a new enterprise union: the deployment's administrator opens one. The union
    # office adds units to its own union's tree.
    if parent is None and not request.user.is_superuser:
        _require_units(request)
        parent = OrgUnit.objects.filter(pk=acting_union_id(request.user)).first()
    _require_units(request, parent)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"已新建{unit.get_kind_display()}“{unit.name}”。")
            return redirect("org:unit-detail", pk=unit.pk)
    kind = services.CHILD_KINDS.get(parent.kind) if parent else UnitKind.COMPANY
    return render(
        request,
        "org/unit_form.html",
        {"form": form, "parent": parent, "kind_label": UnitKind(kind).label if kind else ""},
    )


@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    _require_units(request, unit)
    form = UnitForm(request.POST or None, initial={"name": unit.name, "code": unit.code, "sort_order": unit.sort_order})
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"已保存“{unit.name}”。")
            return redirect("org:unit-detail", pk=unit.pk)
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})


@require_POST
def unit_delete(request, pk):
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.user), pk=pk)
    _require_units(request, unit)
    parent = OrgUnit.objects.filter(path=unit.path[: -OrgUnit.steplen]).first()
    try:
        services.unit_delete(actor=request.user, unit=unit)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("org:unit-detail", pk=unit.pk)
    messages.success(request, f"已删除“{unit.name}”。")
    return redirect("org:unit-detail", pk=parent.pk) if parent else redirect("org:unit-tree")
