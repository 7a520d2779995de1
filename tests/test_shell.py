"""The page chrome: landing pages per role, strict CSP, health check, Chinese everywhere."""

from django.urls import reverse


def test_employee_lands_on_the_service_hall(login, union):
    response = login(union.employee).get("/")
    body = response.content.decode()
    assert "服务大厅" in body and "我的资料" in body
    assert "建设中" in body  # services of the plan not yet built say so instead of pretending


def test_staff_land_on_the_workbench_with_counts(login, union):
    response = login(union.staff).get("/")
    assert "工作台" in response.content.decode()
    assert response.context["totals"] == {"people": 8, "members": 8}
    assert response.context["chart"]["categories"] == ["机关分工会", "设备分工会", "运行分工会"]


def test_branch_chair_workbench_counts_only_the_branch(login, union):
    response = login(union.branch_chair).get("/")
    assert response.context["totals"] == {"people": 3, "members": 3}


def test_strict_csp_and_no_inline_script(login, union):
    response = login(union.staff).get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    body = response.content.decode()
    assert "<script>" not in body and " style=" not in body
    assert "https://" not in body  # no CDN: intranets are offline


def test_healthz(client, db):
    response = client.get("/healthz")
    # Tasks run inline under test: there is no worker to wait for (tests/test_jobs.py has the worker).
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok", "worker": "inline"}


def test_menu_shows_only_what_the_role_may_use(login, union):
    staff_body = login(union.staff).get("/").content.decode()

    def links(body, name):
        return f'href="{reverse(name)}"' in body

    assert links(staff_body, "audit:log-list") and links(staff_body, "roster:import")
    employee_body = login(union.employee).get("/").content.decode()
    assert not links(employee_body, "audit:log-list") and not links(employee_body, "org:person-list")


def test_404_page_is_chinese(login, union):
    response = login(union.staff).get("/no-such-page/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
