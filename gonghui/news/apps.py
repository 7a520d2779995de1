from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "gonghui.news"
    verbose_name = "新闻与政策"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.Article, include_fields=["title", "category", "body", "published_at"])
