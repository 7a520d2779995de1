from django.core.management.base import BaseCommand, CommandError

from gonghui.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "为用户签发 API 令牌（令牌只显示这一次）"

    def add_arguments(self, parser):
        parser.add_argument("username", help="用户名（工号）")
        parser.add_argument("--name", default="接口调用", help="令牌用途")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"找不到启用中的用户 {username}（职工须先登录一次以开通账号）")
        _, raw = ApiToken.issue(user=user, name=name)
        self.stdout.write(raw)
