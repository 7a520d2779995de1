from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "gonghui.news"
    verbose_name = "新闻与政策"

    def ready(self):
        from auditlog.registry import auditlog

        from . import (
            models,
            search,  # noqa: F401  articles to the search kernel
        )

        auditlog.register(models.Article, include_fields=["title", "category", "body", "published_at"])
