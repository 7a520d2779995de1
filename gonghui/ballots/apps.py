from django.apps import AppConfig


class BallotsConfig(AppConfig):
    name = "gonghui.ballots"
    verbose_name = "无记名投票"
