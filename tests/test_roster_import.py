"""Importing the roster from Excel: every row checked, errors by row and column, all or nothing."""

import io

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from gonghui.excel.models import ImportJob
from gonghui.org.idcard import make_id_number
from gonghui.org.models import Employee, MembershipEvent
from gonghui.roster.workbook import read_roster
from tests.roster_files import roster_of, roster_xlsx

NEW_ID = make_id_number("370102", __import__("datetime").date(1992, 5, 17), 21, "M")


def newcomer(**values):
    row = {
        "工号": "N2001",
        "姓名": "郑国强",
        "性别": "男",
        "身份证号": NEW_ID,
        "手机号": "13712345678",
        "部门": "运行部",
        "班组": "运行二值",
        "岗位": "副值",
        "入职日期": "2015/07/01",
        "是否会员": "是",
        "入会日期": "2015.9.1",
        "会员证号": "HY2001",
    }
    row.update(values)
    return row


def upload(client, content: bytes, name="花名册.xlsx", dry_run=False, mode="incremental"):
    data = {"file": SimpleUploadedFile(name, content), "mode": mode}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("roster:import"), data, follow=True)


def test_a_full_roster_shows_who_would_leave_and_is_written_once_confirmed(login, union):
    rows = roster_of(union, extra=[newcomer()], skip=("H0007",))
    for row in rows:
        if row["工号"] == "H0006":
            row["岗位"] = "值班员"
    client = login(union.staff)
    response = upload(client, roster_xlsx(rows), mode="full")
    dry = ImportJob.objects.get()
    assert dry.dry_run and dry.status == "done" and dry.summary["left"] == 1
    page = response.content.decode()
    assert "全量导入将把 1 名在职职工记为离职" in page and "孙外人（H0007）" in page and "确认全量导入" in page
    assert Employee.objects.get(employee_no="H0007").status == "active"
    # Not without ticking that the list was checked.
    client.post(reverse("roster:job-confirm", args=[dry.pk]), follow=True)
    assert ImportJob.objects.count() == 1
    response = client.post(reverse("roster:job-confirm", args=[dry.pk]), {"checked": "on"}, follow=True)

    job = ImportJob.objects.exclude(pk=dry.pk).get()
    assert job.status == "done", job.errors
    assert job.expected_left == 1 and not job.dry_run
    assert {k: v for k, v in job.summary.items() if k != "leaving"} == {
        "rows": 8,
        "created": 1,
        "updated": 1,
        "unchanged": 6,
        "left": 1,
        "membership_events": 2,
    }
    assert "导入完成" in response.content.decode()

    new = Employee.objects.get(employee_no="N2001")
    assert (new.name, new.unit, new.gender, new.birth_date.isoformat(), new.hire_date.isoformat()) == (
        "郑国强",
        union.shift2,
        "M",
        "1992-05-17",
        "2015-07-01",
    )
    assert Employee.objects.get(employee_no="H0006").position == "值班员"
    gone = Employee.objects.get(employee_no="H0007")
    assert (gone.status, gone.is_member) == ("left", False)
    union.outsider.refresh_from_db()
    assert not union.outsider.is_active  # the login closes with the job

    assert MembershipEvent.objects.get(employee=new).kind == "join"
    assert MembershipEvent.objects.get(employee=gone).kind == "leave"
    entries = LogEntry.objects.filter(additional_data__import_job=job.pk)
    assert entries.count() == 3
    assert {e.actor for e in entries} == {union.staff}
    assert entries.get(
        object_id=Employee.objects.get(employee_no="H0006").pk, content_type__model="employee"
    ).changes == {"position": ["", "值班员"]}


def test_five_new_hires_on_the_template_add_five_and_nobody_leaves(login, union):
    """The obvious path: the template with only the new people in it. By default that adds
    them and leaves everybody else as they are."""
    hires = [
        newcomer(
            **{
                "工号": f"N30{i}",
                "手机号": f"1371234560{i}",
                "身份证号": make_id_number("370102", __import__("datetime").date(1995, 3, 1 + i), 30 + i, "M"),
            }
        )
        for i in range(5)
    ]
    response = upload(login(union.staff), roster_xlsx(hires))
    job = ImportJob.objects.get()
    assert job.status == "done" and not job.is_full and job.summary["created"] == 5 and job.summary["left"] == 0
    assert "不会有人被记为离职" in response.content.decode()
    assert Employee.objects.filter(status="active").count() == 8 + 5
    # Written in bulk, and found in search all the same: by name, pinyin and number.
    found = client_search(login(union.staff), "zhengguoqiang")
    assert found.count("郑国强") == 5 and "N304" in client_search(login(union.staff), "N304")


def client_search(client, q: str) -> str:
    return client.get(reverse("search:results"), {"q": q, "kind": "person"}).content.decode()


def test_a_confirmation_is_refused_when_the_roster_changed_since_the_dry_run(login, union):
    from tests.factories import make_employee

    client = login(union.staff)
    upload(client, roster_xlsx(roster_of(union, skip=("H0007",))), mode="full")
    dry = ImportJob.objects.get()
    make_employee(union.shift1, "新来的", "N9999")  # absent from the file: one more would leave
    client.post(reverse("roster:job-confirm", args=[dry.pk]), {"checked": "on"})
    job = ImportJob.objects.exclude(pk=dry.pk).get()
    assert job.status == "invalid" and "现在为 2 人" in job.errors[0]["message"]
    assert Employee.objects.filter(employee_no__in=["H0007", "N9999"], status="active").count() == 2


def test_a_huge_sheet_is_refused_and_errors_are_kept_to_the_first_thousand(login, union, settings):
    client = login(union.staff)
    settings.IMPORT_MAX_ROWS = 50
    upload(client, roster_xlsx([newcomer(**{"工号": f"X{i}", "手机号": "1"}) for i in range(60)]))
    job = ImportJob.objects.get()
    assert job.status == "invalid" and job.error_count == 1 and "文件超过 50 行" in job.errors[0]["message"]

    settings.IMPORT_MAX_ROWS = 5000
    bad = [newcomer(**{"工号": f"X{i}", "手机号": "1", "身份证号": "1"}) for i in range(1200)]
    response = upload(client, roster_xlsx(bad))
    job = ImportJob.objects.latest("pk")
    assert job.status == "invalid" and job.error_count > 1200 and len(job.errors) == 1000
    page = response.content.decode()
    assert f"共 {job.error_count} 处错误" in page and "下面列出前 1000 处" in page
    assert page.count("<tr><td>第 ") == 100  # a page of the error table, not all of it
    second = client.get(reverse("roster:job", args=[job.pk]), {"page": 2}).content.decode()
    assert second.count("<tr><td>第 ") == 100 and "第 2 / 10 页" in second
    assert len(client.get(reverse("roster:import")).content) < 200_000


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_reading(login, union, settings):
    settings.IMPORT_MAX_UNPACKED_MB = 1
    rows = [newcomer(**{"工号": f"X{i}", "岗位": "很长的岗位名称" * 20}) for i in range(2000)]
    upload(login(union.staff), roster_xlsx(rows))
    job = ImportJob.objects.get()
    assert job.status == "invalid" and "解压后超过 1 MB" in job.errors[0]["message"] and job.total_rows == 0


def test_one_bad_row_is_reported_by_row_and_column_and_nothing_is_written(login, union):
    before = list(Employee.objects.values_list("employee_no", "position").order_by("employee_no"))
    bad_checksum = NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")
    rows = roster_of(union) + [
        newcomer(),  # row 10: fine on its own
        newcomer(**{"工号": "N2002", "身份证号": bad_checksum, "手机号": "13712345679"}),  # row 11
        newcomer(**{"工号": "N2003", "部门": "不存在部", "身份证号": None, "手机号": "13712345670"}),  # row 12
        newcomer(
            **{
                "工号": "N2001",
                "姓名": None,
                "身份证号": make_id_number("370102", __import__("datetime").date(1990, 1, 1), 3, "F"),
                "性别": "男",
                "手机号": "1371234",
            }
        ),  # row 13
        newcomer(
            **{"工号": "N2004", "班组": "锅炉班", "身份证号": 3.70102199005170214e17, "手机号": 13712345671}
        ),  # row 14
    ]
    response = upload(login(union.staff), roster_xlsx(rows))
    job = ImportJob.objects.get()
    assert job.status == "invalid"
    errors = {(e["row"], e["column"], e["message"]) for e in job.errors}
    assert (11, "D", f"“{bad_checksum}”校验码不正确，请核对号码") in errors
    assert (12, "F", "系统中没有名为“不存在部”的部门") in errors
    assert (12, "D", "必填项为空") in errors
    assert (13, "B", "必填项为空") in errors
    assert (13, "A", "与第10行重复") in errors
    assert (13, "C", "与身份证号不符（身份证号显示为女）") in errors
    assert (13, "E", "“1371234”不是有效的11位手机号") in errors
    assert (14, "D", "被 Excel 当作数字保存，末尾几位已经丢失；请把该列设为“文本”格式后重新填写") in errors
    assert (14, "G", "“运行部”下没有名为“锅炉班”的班组") in errors
    body = response.content.decode()
    assert f"共 {job.error_count} 处错误" in body and "未写入任何数据" in body and "第 14 行" in body
    assert list(Employee.objects.values_list("employee_no", "position").order_by("employee_no")) == before
    assert not LogEntry.objects.filter(additional_data__import_job=job.pk).exists()


def test_duplicate_phone_of_another_employee_is_refused(login, union):
    rows = roster_of(union, extra=[newcomer(**{"手机号": union.outsider.employee.phone})])
    upload(login(union.staff), roster_xlsx(rows))
    job = ImportJob.objects.get()
    assert (10, "E", "已被工号 H0007 的职工使用") in {(e["row"], e["column"], e["message"]) for e in job.errors}


def test_dry_run_reports_changes_and_writes_nothing(login, union):
    response = upload(login(union.staff), roster_xlsx(roster_of(union, extra=[newcomer()])), dry_run=True)
    job = ImportJob.objects.get()
    assert job.status == "done" and job.summary["created"] == 1
    assert "校验通过（仅校验，未写入）" in response.content.decode()
    assert not Employee.objects.filter(employee_no="N2001").exists()


def test_moving_a_member_to_another_branch_is_a_transfer(login, union):
    rows = roster_of(union)
    for row in rows:
        if row["工号"] == "H0007":
            row.update({"部门": "运行部", "班组": "运行一值"})
    upload(login(union.staff), roster_xlsx(rows))
    event = MembershipEvent.objects.get(employee=union.outsider.employee)
    assert (event.kind, event.from_unit, event.to_unit) == ("transfer", union.fuel_dept, union.shift1)


def test_missing_headers_are_reported_once(login, union):
    content = roster_xlsx([{"工号": "N1", "姓名": "某"}], headers=["工号", "姓名"])
    response = upload(login(union.staff), content)
    assert "第1行缺少必需的列：性别、身份证号、手机号、部门" in response.content.decode()


def test_a_file_that_is_not_xlsx_is_refused_before_upload(login, union):
    response = upload(login(union.staff), b"name,phone\n", name="roster.csv")
    assert "只支持 .xlsx 格式" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_branch_chair_cannot_import(login, union):
    response = login(union.branch_chair).post(reverse("roster:import"), {"file": SimpleUploadedFile("a.xlsx", b"x")})
    assert response.status_code == 403


def test_job_page_polls_while_running_and_stops_when_done(login, union):
    client = login(union.staff)
    job = ImportJob.objects.create(
        union=union.root, kind="roster", created_by=union.staff, status="running", total_rows=200, processed_rows=50
    )
    body = client.get(reverse("roster:job-progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and 'value="25"' in body
    ImportJob.objects.filter(pk=job.pk).update(
        status="done", summary={"rows": 1, "created": 1, "updated": 0, "unchanged": 0, "left": 0}
    )
    body = client.get(reverse("roster:job-progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in body and "导入完成" in body


def test_command_lists_errors_and_exits_non_zero(union, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(roster_xlsx(roster_of(union, extra=[newcomer(**{"部门": "不存在部"})])))
    err = io.StringIO()
    with pytest.raises(CommandError, match="共 1 处错误，未写入任何数据"):
        call_command("import_roster", str(path), stderr=err)
    assert "第10行 F列（部门）：系统中没有名为“不存在部”的部门" in err.getvalue()
    assert not Employee.objects.filter(employee_no="N2001").exists()


def test_command_imports_and_dry_runs(union, tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(roster_xlsx(roster_of(union, extra=[newcomer()])))
    out = io.StringIO()
    call_command("import_roster", str(path), "--dry-run", stdout=out)
    assert "将新增 1 人" in out.getvalue() and not Employee.objects.filter(employee_no="N2001").exists()
    call_command("import_roster", str(path), "--actor", "H0002", stdout=out)
    assert Employee.objects.filter(employee_no="N2001").exists()
    assert LogEntry.objects.get_for_object(Employee.objects.get(employee_no="N2001")).get().actor == union.staff


def test_template_has_text_columns_and_drop_downs(login, union):
    response = login(union.staff).get(reverse("roster:template"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["填写区"]
    assert [c.value for c in sheet[1]][:6] == ["工号*", "姓名*", "性别*", "身份证号*", "手机号*", "部门*"]
    id_column = next(d for d in sheet.column_dimensions.values() if d.min <= 4 <= d.max)
    assert id_column.number_format == "@"
    assert any("选项!$F$2" in str(v.formula1) for v in sheet.data_validations.dataValidation)
    assert "填写说明" in workbook.sheetnames


def test_an_export_reimports_unchanged(login, union):
    client = login(union.staff)
    exported = client.get(reverse("roster:export")).content
    upload(client, exported)
    job = ImportJob.objects.get()
    assert job.status == "done", job.errors
    assert (
        job.summary["unchanged"] == 8 and job.summary["created"] == job.summary["updated"] == job.summary["left"] == 0
    )


def test_branch_chair_exports_only_the_branch(login, union):
    response = login(union.branch_chair).get(reverse("roster:export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"张分会", "陈代表", "吴职工"}
    assert response["Content-Disposition"].startswith("attachment")


def test_exported_id_numbers_are_masked_unless_asked_for_and_stay_text(login, union):
    person = union.outsider.employee
    response = login(union.staff).get(reverse("roster:export"), {"q": "孙"})
    row = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert row[3] == person.masked_id_number and row[4] == person.phone
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()

    response = login(union.staff).get(reverse("roster:export"), {"q": "孙", "id_numbers": "full"})
    row = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert row[3] == person.id_number and isinstance(row[3], str)
    access = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert access.actor == union.staff and "含完整身份证号，1 人" in access.additional_data["step"]

    # A branch chair's export is masked even when asking for more.
    response = login(union.branch_chair).get(reverse("roster:export"), {"id_numbers": "full"})
    ids = [
        r[3] for r in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True)
    ]
    assert ids and all("********" in i for i in ids)


def test_a_masked_export_imports_back_unchanged(login, union):
    response = login(union.staff).get(reverse("roster:export"))
    plan = read_roster(io.BytesIO(response.content))
    assert plan.errors == [] and plan.summary()["unchanged"] == 8 and not plan.create and not plan.update


def test_checking_a_roster_costs_the_same_queries_for_one_row_or_all(union):
    """A re-import compares every row with the person on file: by the unit's id, never by
    fetching each person's unit (50,000 queries for a 50,000-person roster)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(rows) -> int:
        with CaptureQueriesContext(connection) as captured:
            plan = read_roster(io.BytesIO(roster_xlsx(rows)))
        assert not plan.errors and plan.unchanged == len(rows)
        return len(captured)

    everyone = roster_of(union)
    assert len(everyone) >= 8
    assert queries(everyone) == queries(everyone[:1])
