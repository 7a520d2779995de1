"""News and policy notices (政策宣传): staff publish, employees read, read counts counted once per person."""

from django.urls import reverse

from gonghui.news.models import Article


def test_staff_write_publish_and_see_who_read(login, union):
    staff = login(union.staff)
    staff.post(reverse("news:new"), {"title": "2026 年职工医疗互助政策", "category": "policy", "body": "参保范围……"})
    article = Article.objects.get()
    assert article.published_at is None
    employee = login(union.employee)
    assert employee.get(reverse("news:detail", args=[article.pk])).status_code == 404
    assert "2026 年职工医疗互助政策" not in employee.get(reverse("news:list")).content.decode()

    login(union.staff).post(reverse("news:publish", args=[article.pk]), {"publish": "1"})
    employee = login(union.employee)
    assert "2026 年职工医疗互助政策" in employee.get(reverse("news:list")).content.decode()
    employee.get(reverse("news:detail", args=[article.pk]))
    employee.get(reverse("news:detail", args=[article.pk]))
    login(union.outsider).get(reverse("news:detail", args=[article.pk]))
    article.refresh_from_db()
    assert article.read_count == 2
    assert "2 人已读" in login(union.staff).get(reverse("news:list")).content.decode()


def test_employees_cannot_write(login, union):
    response = login(union.employee).post(reverse("news:new"), {"title": "x", "category": "news", "body": "y"})
    assert response.status_code == 403
    assert not Article.objects.exists()
