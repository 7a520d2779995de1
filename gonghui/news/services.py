"""News and policy articles: written and published by the union office, read by its people."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gonghui.core.db import save_fields
from gonghui.org.rules import can

from .models import Article, ArticleRead


def _editor(actor, article: Article) -> None:
    if not can(actor, "news.manage", article):
        raise PermissionDenied("只有工会办公室可以编辑新闻与政策")


@transaction.atomic
def article_save(*, actor, article: Article, **fields) -> Article:
    """A new article (unpublished until `article_publish`) or changes to one."""
    _editor(actor, article)
    if article.pk is None:
        article.author = actor
    return save_fields(article, fields)


@transaction.atomic
def article_publish(*, actor, article: Article, publish: bool) -> Article:
    _editor(actor, article)
    article.published_at = timezone.now() if publish else None
    article.save(update_fields=["published_at"])
    return article


def article_read(*, user, article: Article) -> bool:
    """A reader opened a published article: counted once per person. True if this was their first time."""
    if article.published_at is None:
        return False
    try:
        with transaction.atomic():
            ArticleRead.objects.create(article=article, user=user)
            # A read changes no business data: the counter bypasses the audit on purpose, or
            # every opened article would add a row to the log.
            Article.objects.filter(pk=article.pk).update(read_count=F("read_count") + 1)
    except IntegrityError:
        return False  # read before
    article.read_count += 1
    return True
