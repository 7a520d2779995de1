from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "gonghui.jobs"
    verbose_name = "后台任务"
