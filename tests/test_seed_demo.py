"""The demo union: a power plant's, deterministic, with a login for every role."""

import io

import pytest
from django.core.management import call_command

from gonghui.accounts.models import User
from gonghui.org.idcard import parse_id_number
from gonghui.org.models import Employee, OrgUnit, RoleAssignment, UnitKind

pytestmark = pytest.mark.django_db


def seed(n=300, *extra):
    out = io.StringIO()
    call_command("seed_demo", "--employees", str(n), *extra, stdout=out)
    return out.getvalue()


def test_it_builds_a_power_plant_union():
    assert "300 名职工" in seed()
    assert OrgUnit.objects.filter(kind=UnitKind.BRANCH).count() == 6
    assert OrgUnit.objects.filter(kind=UnitKind.DEPARTMENT).count() >= 10
    assert {"运行部", "设备部", "燃料部", "安健环部"} <= set(OrgUnit.objects.values_list("name", flat=True))
    assert Employee.objects.count() == 300
    for e in Employee.objects.select_related("unit"):
        number, birth, gender = parse_id_number(e.id_number)
        assert (birth, gender) == (e.birth_date, e.gender)
        assert e.unit_path == e.unit.path and e.unit.kind in (UnitKind.DEPARTMENT, UnitKind.TEAM)
    assert Employee.objects.values("phone").distinct().count() == 300


def test_every_demo_role_can_log_in(client):
    seed()
    expected = {
        "HD900001": ("chair", "华电示范发电有限公司工会"),
        "HD900003": ("branch_chair", "运行分工会"),
        "HD900004": ("handler", "设备部"),
        "HD900005": ("representative", "运行部"),
        "HD900007": ("inspector", "华电示范发电有限公司工会"),
    }
    for number, (role, unit) in expected.items():
        assert RoleAssignment.objects.filter(user__username=number, role=role, unit__name=unit).exists()
    assert client.post("/accounts/login/", {"username": "HD900009", "password": "Demo@2024"}).status_code == 302
    assert User.objects.get(username="admin").is_superuser


def test_it_runs_once_and_is_deterministic():
    seed()
    first = list(Employee.objects.order_by("employee_no").values_list("employee_no", "name", "id_number"))
    assert "已存在" in seed()
    assert Employee.objects.count() == 300
    seed(300, "--reset")
    assert list(Employee.objects.order_by("employee_no").values_list("employee_no", "name", "id_number")) == first


def test_the_demo_congress_looks_lived_in(client):
    from gonghui.cases.models import Case
    from gonghui.congress.models import Representative, Session

    out = seed()
    assert "提案 13 件" in out
    assert Representative.objects.filter(is_active=True).count() >= 5
    past, upcoming = Session.objects.order_by("held_on")
    assert not past.collecting() and upcoming.collecting()
    states = set(Case.objects.filter(kind="proposal").values_list("state", flat=True))
    assert {"closed", "rated", "answered", "processing", "assigned", "cosigning"} <= states
    client.post("/accounts/login/", {"username": "HD900002", "password": "Demo@2024"})
    report = client.get(f"/congress/sessions/{past.pk}/report/").content.decode()
    assert "共收到职工代表提案 12 件" in report


def test_the_demo_supervision_looks_lived_in(client):
    from gonghui.cases.models import Case
    from gonghui.supervision.models import Contract

    seed()
    assert set(Contract.objects.values_list("state", flat=True)) == {"expired", "filed", "negotiating"}
    followups = Case.objects.filter(kind="followup")
    assert followups.count() == 11
    assert {"submitted", "assigned", "processing", "answered", "closed"} <= set(
        followups.values_list("state", flat=True)
    )
    client.post("/accounts/login/", {"username": "HD900002", "password": "Demo@2024"})
    page = client.get("/supervision/").content.decode()
    assert "还有" in page and "联席会议" in page


def test_the_demo_events_look_lived_in(client):
    from gonghui.events.models import Event, Registration

    seed()
    assert Event.objects.filter(starts_at__lt=timezone_now()).count() >= 10
    assert Registration.objects.filter(attended=True).count() > 50
    assert Registration.objects.filter(state="waiting").exists()
    client.post("/accounts/login/", {"username": "HD900002", "password": "Demo@2024"})
    page = client.get("/events/coverage/").content.decode()
    assert "运行分工会" in page and "尚未参加任何活动" in page


def timezone_now():
    from django.utils import timezone

    return timezone.now()
