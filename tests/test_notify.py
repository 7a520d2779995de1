"""The inbox, email and group robots: failures retried and logged, never dropped or doubled."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gonghui.notify.models import Delivery, Notification, UnitWebhook
from gonghui.notify.services import MAX_ATTEMPTS, attempt, notify_units, notify_users, retry_due
from tests.fake_webhook import FakeRobot


@pytest.fixture
def robot(settings):
    # The stand-in robot listens on this machine: allowed here, as a deployment may allow a relay.
    settings.ROBOT_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.ROBOT_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    with FakeRobot() as robot:
        yield robot


def test_inbox_shows_unread_count_and_marks_read(login, union):
    notify_users([union.employee], title="您的诉求已答复", url=reverse("web:home"))
    client = login(union.employee)
    page = client.get(reverse("notify:inbox"))
    assert "1 条未读" in page.content.decode() and "您的诉求已答复" in page.content.decode()
    note = Notification.objects.get(recipient=union.employee)
    assert client.post(reverse("notify:open", args=[note.pk])).url == reverse("web:home")
    note.refresh_from_db()
    assert note.read_at is not None
    assert "没有未读消息" in client.get(reverse("notify:inbox")).content.decode()


def test_nobody_opens_someone_elses_notification(login, union):
    note = notify_users([union.employee], title="私信")[0]
    assert login(union.outsider).post(reverse("notify:open", args=[note.pk])).status_code == 404


def test_email_goes_out_through_a_delivery(django_capture_on_commit_callbacks, union):
    union.employee.email = "wu@example.com"
    union.employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_users([union.employee], title="提醒", body="请评价答复")
    assert [m.to for m in mail.outbox] == [["wu@example.com"]]
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_unit_robot_gets_the_message(django_capture_on_commit_callbacks, union, robot):
    UnitWebhook.objects.create(unit=union.equip_dept, channel="wecom", url=robot.url)
    with django_capture_on_commit_callbacks(execute=True):
        notify_units([union.equip_dept], title="新转办事项 SQ-2026-0001", url="/cases/1/")
    assert robot.received[0]["msgtype"] == "text"
    assert "SQ-2026-0001" in robot.received[0]["text"]["content"]
    assert "/cases/1/" in robot.received[0]["text"]["content"]


def test_a_failed_send_is_kept_retried_and_sent_once(django_capture_on_commit_callbacks, union, robot):
    UnitWebhook.objects.create(unit=union.equip_dept, channel="dingtalk", url=robot.url)
    robot.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        notify_units([union.equip_dept], title="催办")
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.PENDING, 1)
    assert "500" in delivery.last_error
    assert robot.received == []

    assert retry_due() == 0  # not due yet: backoff
    Delivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert retry_due() == 1
    attempt(delivery.pk)  # a duplicate attempt after success does nothing
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, len(robot.received)) == (Delivery.Status.SENT, 2, 1)


def test_an_unreachable_robot_fails_after_the_last_attempt(union):
    delivery = Delivery.objects.create(channel="wecom", target="http://127.0.0.1:9/nothing", title="x")
    for _ in range(MAX_ATTEMPTS):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
        attempt(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, MAX_ATTEMPTS)
    assert delivery.last_error


def test_union_office_connects_a_unit_robot_and_sends_a_test(django_capture_on_commit_callbacks, login, union, robot):
    client = login(union.staff)
    client.post(reverse("notify:webhook-add", args=[union.equip_dept.pk]), {"channel": "wecom", "url": robot.url})
    hook = UnitWebhook.objects.get(unit=union.equip_dept)
    page = client.get(reverse("org:unit-detail", args=[union.equip_dept.pk])).content.decode()
    assert page.count(robot.url) == 1 and "<title>设备部 ·" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notify:webhook-test", args=[hook.pk]))
    assert "【测试】设备部的群机器人" in robot.received[0]["text"]["content"]
    client.post(reverse("notify:webhook-delete", args=[hook.pk]))
    assert not UnitWebhook.objects.exists()


def test_a_branch_chair_cannot_add_robots(login, union):
    response = login(union.branch_chair).post(
        reverse("notify:webhook-add", args=[union.run_dept.pk]), {"channel": "wecom", "url": "http://example.com/x"}
    )
    assert response.status_code == 403
    assert not UnitWebhook.objects.exists()


@pytest.mark.parametrize(
    ("channel", "url", "reason"),
    [
        ("wecom", "http://127.0.0.1:8000/accounts/login/", "须是 qyapi.weixin.qq.com"),
        ("wecom", "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send", "须是 qyapi.weixin.qq.com"),
        ("wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "https://"),
        ("dingtalk", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", "须是 oapi.dingtalk.com"),
        ("wecom", "https://169.254.169.254/latest/meta-data/", "须是 qyapi.weixin.qq.com"),
        ("wecom", "https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send", "用户名或密码"),
    ],
)
def test_a_robot_address_can_only_be_a_robot(login, union, channel, url, reason):
    response = login(union.staff).post(
        reverse("notify:webhook-add", args=[union.equip_dept.pk]), {"channel": channel, "url": url}, follow=True
    )
    assert reason in response.content.decode()
    assert not UnitWebhook.objects.exists()


def test_an_allowed_name_that_resolves_inward_is_refused(login, union, settings):
    """Allowing a host by name is not allowing what it resolves to: localhost is 127.0.0.1."""
    settings.ROBOT_ALLOWED_HOSTS = ["localhost"]
    response = login(union.staff).post(
        reverse("notify:webhook-add", args=[union.equip_dept.pk]),
        {"channel": "wecom", "url": "http://localhost:6379/"},
        follow=True,
    )
    assert (
        "指向内部网络地址（127.0.0.1" in response.content.decode()
        or "指向内部网络地址（::1" in response.content.decode()
    )
    assert not UnitWebhook.objects.exists()


def test_a_stored_inward_address_is_refused_at_send_time_too(django_capture_on_commit_callbacks, union, settings):
    with FakeRobot() as listening:
        settings.ROBOT_ALLOWED_HOSTS = ["127.0.0.1"]  # the host is named, but its network is not allowed
        UnitWebhook.objects.create(unit=union.equip_dept, channel="wecom", url=listening.url)
        with django_capture_on_commit_callbacks(execute=True):
            notify_units([union.equip_dept], title="催办")
        assert listening.received == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and "内部网络地址" in delivery.last_error


def test_the_connection_goes_to_the_address_that_was_checked(
    django_capture_on_commit_callbacks, union, robot, monkeypatch, settings
):
    """A name is resolved once per send and the post goes to that address, with the name as Host:
    a second, different answer from DNS (rebinding) is never asked for."""
    import socket

    real = socket.getaddrinfo
    answers = []

    def resolve(host, *args, **kwargs):
        if host == "robot.example":
            answers.append(host)
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    settings.ROBOT_ALLOWED_HOSTS = ["robot.example"]
    url = robot.url.replace("127.0.0.1", "robot.example")
    UnitWebhook.objects.create(unit=union.equip_dept, channel="wecom", url=url)
    with django_capture_on_commit_callbacks(execute=True):
        notify_units([union.equip_dept], title="新转办事项")
    assert len(robot.received) == 1 and answers == ["robot.example"]
    assert robot.headers[0]["Host"].startswith("robot.example")


def test_every_delivery_carries_an_id_to_drop_a_repeat(django_capture_on_commit_callbacks, union, robot):
    union.employee.email = "wu@example.com"
    union.employee.save()
    UnitWebhook.objects.create(unit=union.equip_dept, channel="wecom", url=robot.url)
    with django_capture_on_commit_callbacks(execute=True):
        notify_units([union.equip_dept], title="新转办事项")
        notify_users([union.employee], title="提醒")
    robot_delivery = Delivery.objects.get(channel="wecom")
    assert robot.headers[0]["Idempotency-Key"] == f"gonghui-delivery-{robot_delivery.pk}"
    # A lease retry after a lost answer posts again: with the same id, for the receiver to drop.
    from gonghui.notify.services import send

    send(robot_delivery)
    assert robot.headers[1]["Idempotency-Key"] == robot.headers[0]["Idempotency-Key"]
    mail_delivery = Delivery.objects.get(channel="email")
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<delivery-{mail_delivery.pk}@127.0.0.1>"
