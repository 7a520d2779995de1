from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gonghui.search"
    verbose_name = "搜索"
