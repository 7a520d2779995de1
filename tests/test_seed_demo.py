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
    plant = OrgUnit.objects.get(depth=1, name="华电示范发电有限公司工会")
    assert OrgUnit.objects.filter(path__startswith=plant.path, kind=UnitKind.BRANCH).count() == 6
    assert OrgUnit.objects.filter(path__startswith=plant.path, kind=UnitKind.DEPARTMENT).count() >= 10
    assert {"运行部", "设备部", "燃料部", "安健环部"} <= set(OrgUnit.objects.values_list("name", flat=True))
    assert Employee.objects.filter(unit_path__startswith=plant.path).count() == 300
    for e in Employee.objects.select_related("unit"):
        number, birth, gender = parse_id_number(e.id_number)
        assert (birth, gender) == (e.birth_date, e.gender)
        assert e.unit_path == e.unit.path and e.unit.kind in (UnitKind.DEPARTMENT, UnitKind.TEAM)
    assert Employee.objects.values("phone").distinct().count() == Employee.objects.count()


def test_a_second_small_union_sits_beside_it_with_its_own_office(client):
    from gonghui.cases.models import Case

    seed()
    second = OrgUnit.objects.get(depth=1, name="华电示范新能源有限公司工会")
    assert OrgUnit.objects.filter(path__startswith=second.path, kind=UnitKind.BRANCH).count() == 2
    assert Employee.objects.filter(unit_path__startswith=second.path).count() == 100
    for number, role in [("XN900001", "chair"), ("XN900002", "staff"), ("XN900003", "branch_chair")]:
        assert RoleAssignment.objects.filter(user__username=number, role=role, unit__path__startswith=second.path)
    assert set(Case.objects.filter(union=second).values_list("state", flat=True)) == {"submitted", "assigned", "closed"}
    client.post("/accounts/login/", {"username": "XN900001", "password": "Demo@2024"})
    theirs = client.get("/appeals/").content.decode()
    assert "风机塔筒爬梯防坠器老化" in theirs and "华电示范发电" not in theirs
    assert Case.objects.filter(union__name="华电示范发电有限公司工会", kind="appeal").first().title not in theirs
    client.logout()
    client.post("/accounts/login/", {"username": "HD900001", "password": "Demo@2024"})
    assert "风机塔筒爬梯防坠器老化" not in client.get("/appeals/").content.decode()
    assert "风光场站职工健步走" not in client.get("/events/").content.decode()


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
    assert Employee.objects.filter(employee_no__startswith="HD").count() == 300
    seed(300, "--reset", "--force")
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


def test_the_demo_tells_a_consistent_year():
    """Many people raise different things; every timeline runs in order and agrees with its
    case; things happen in their season; nobody works in the wrong trade."""
    from django.utils import timezone

    from gonghui.cases.models import Case
    from gonghui.events.models import Event
    from gonghui.news.models import Article

    seed(600)
    appeals = Case.objects.filter(kind="appeal")
    assert appeals.values("requester").distinct().count() >= 25
    assert appeals.values("title").distinct().count() == appeals.count() >= 30
    assert appeals.exclude(answer="").values("answer").distinct().count() == appeals.exclude(answer="").count()
    now = timezone.now()
    for case in Case.objects.prefetch_related("events"):
        times = [e.created_at for e in case.events.all()]
        assert times == sorted(times) and all(t <= now for t in times), case.number
        assert abs((times[0] - case.created_at).total_seconds()) < 1, case.number
        if case.answered_at:
            assert case.answered_at in [e.created_at for e in case.events.all() if e.action == "answer"], case.number
        if case.closed_at:
            assert case.closed_at == times[-1], case.number
        for event in case.events.all():
            if "期限 " in event.text and case.due_at:
                assert f"期限 {timezone.localtime(case.due_at):%Y-%m-%d}" in event.text, case.number
    today = timezone.localdate()
    for event in Event.objects.all():
        month = timezone.localtime(event.starts_at).month
        if "春季" in event.title:
            assert month in (3, 4, 5), event.title
        if "秋季" in event.title:
            assert month in (9, 10, 11), event.title
        if "冬季" in event.title or "迎新春" in event.title:
            assert month in (12, 1, 2), event.title
        if "夏" in event.title:
            assert month in (6, 7, 8), event.title
    for article in Article.objects.all():
        assert article.published_at <= now
        for year in range(2020, 2040):
            if f"{year} 年" in article.title:
                assert year == timezone.localtime(article.published_at).year
    assert not Employee.objects.filter(
        unit__name__in=["集控班", "运行一值", "锅炉班"], position__in=["会计", "出纳"]
    ).exists()
    assert Employee.objects.exclude(status="active").filter(left_on__gt=today).count() == 0


def test_a_reset_wipes_the_demo_unions_and_nothing_else():
    from auditlog.models import LogEntry
    from django.core.management.base import CommandError

    from gonghui.cases.models import Case
    from gonghui.cases.services import case_open

    from .factories import make_employee, make_root, make_unit, make_user

    seed()
    # A real union on the same deployment, with a case and its audit trail.
    real = make_root("另一家真实企业工会", "REAL")
    person = make_user(make_employee(make_unit(real, "生产部", UnitKind.DEPARTMENT, "REAL-D1"), "真实职工", "R0001"))
    case = case_open(kind="appeal", requester=person, title="真实的诉求", body="……", category="other")
    trail = LogEntry.objects.filter(object_id=case.pk, content_type__model="case").count()
    assert trail >= 1
    entries = LogEntry.objects.count()
    # Without DEBUG a reset must be asked for twice.
    with pytest.raises(CommandError, match="--force"):
        seed(300, "--reset")
    assert "已删除两个示例工会的数据" in seed(300, "--reset", "--force")
    assert Case.objects.filter(pk=case.pk, title="真实的诉求").exists()
    assert LogEntry.objects.filter(object_id=case.pk, content_type__model="case").count() == trail
    assert Employee.objects.filter(unit_path__startswith=real.path).count() == 1
    assert User.objects.filter(username=person.username).exists()
    # The demo unions are rebuilt afresh: one of each, and the wiped records' audit rows are
    # gone (the log holds what it held before, not the old demo's rows as well as the new's).
    assert OrgUnit.objects.filter(depth=1, name="华电示范发电有限公司工会").count() == 1
    assert LogEntry.objects.count() == entries
