import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """A login. Every user but the system administrator is an employee; username is the employee number."""

    employee = models.OneToOneField(
        "org.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="user", verbose_name="职工"
    )
    must_change_password = models.BooleanField("首次登录须改密码", default=True)
    # Set while the password is a one-time one handed out by the union office.
    initial_password_expires_at = models.DateTimeField("初始密码有效期至", null=True, blank=True)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    @property
    def display_name(self) -> str:
        if self.employee_id:
            return self.employee.name
        return self.get_full_name() or self.username


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def find_active(self, raw: str):
        return self.select_related("user").filter(digest=_digest(raw), user__is_active=True).first()


class ApiToken(models.Model):
    """Bearer tokens for the API; only a digest is stored, the token is shown once."""

    user = models.ForeignKey(User, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("令牌前缀", max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @classmethod
    def issue(cls, *, user: User, name: str) -> tuple["ApiToken", str]:
        raw = "gh_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=_digest(raw), prefix=raw[:8])
        return token, raw


class LoginThrottle(models.Model):
    """Failed logins counted per account (employee number and phone are one account) and per
    address, so neither switching between the two names nor between addresses buys guesses."""

    key = models.CharField(max_length=120, unique=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"
