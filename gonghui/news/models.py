from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.org.models import UnionOwned


class Category(models.TextChoices):
    NEWS = "news", "工会动态"
    POLICY = "policy", "政策宣传"
    LEGAL = "legal", "法律知识"


class ArticleQuerySet(models.QuerySet):
    def visible_to(self, user):
        from gonghui.org.scopes import in_member_unions, in_office_unions

        if not getattr(user, "is_authenticated", False):
            return self.none()
        # Drafts for the union office; what is published for the union's people.
        return self.filter(in_office_unions(user) | (in_member_unions(user) & Q(published_at__isnull=False)))


class Article(UnionOwned):
    title = models.CharField("标题", max_length=100)
    category = models.CharField("栏目", max_length=10, choices=Category.choices, default=Category.NEWS)
    body = models.TextField("正文")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="编辑"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    read_count = models.PositiveIntegerField("阅读人数", default=0)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "新闻与政策"
        verbose_name_plural = "新闻与政策"
        indexes = [models.Index(fields=["-published_at"], name="article_recent")]

    def __str__(self) -> str:
        return self.title


class ArticleRead(models.Model):
    """Who has read an article, once each: the read count counts people, not page views."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="unique_article_read")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.article_id}"
