"""The audit log: every change with actor, time, before and after; browsed by union staff."""

from django.urls import reverse


def edit_position(client, person, position):
    return client.post(
        reverse("org:person-edit", args=[person.pk]),
        {
            "name": person.name,
            "gender": person.gender,
            "phone": person.phone,
            "unit": person.unit_id,
            "status": "active",
            "position": position,
        },
    )


def test_staff_browse_changes_with_before_and_after(login, union):
    person = union.outsider.employee
    edit_position(login(union.chair), person, "输煤值班员")
    response = login(union.staff).get(reverse("audit:log-list"), {"actor": "王主席", "q": "孙外人"})
    entries = list(response.context["page"].object_list)
    assert len(entries) == 1
    assert ("岗位", "", "输煤值班员") in entries[0].summary
    detail = login(union.staff).get(reverse("audit:log-detail", args=[entries[0].pk])).content.decode()
    assert "王主席" in detail and "输煤值班员" in detail


def test_filters_by_type_and_action(login, union):
    from django.contrib.contenttypes.models import ContentType

    from gonghui.org.models import Employee

    client = login(union.staff)
    edit_position(client, union.outsider.employee, "采制样工")
    ct = ContentType.objects.get_for_model(Employee)
    response = client.get(reverse("audit:log-list"), {"model": ct.pk, "action": "1"})
    assert [e.object_repr for e in response.context["page"].object_list] == [str(union.outsider.employee)]


def test_branch_chair_cannot_read_the_audit_log(login, union):
    assert login(union.branch_chair).get(reverse("audit:log-list")).status_code == 403
