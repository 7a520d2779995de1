from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from gonghui.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.CharField(
        label="工号或手机号",
        max_length=20,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}),
    )
    error_messages = {
        "invalid_login": "工号/手机号或密码不正确。连续输错 %(limit)s 次，账号将锁定 %(minutes)s 分钟。",
        "inactive": "该账号已停用，请联系工会办公室。",
        "expired": "初始密码已过期。请向所在分工会或工会办公室重新领取《账号开通通知》。",
    }

    def get_invalid_login_error(self):
        if getattr(self.request, "initial_password_expired", False):
            return forms.ValidationError(self.error_messages["expired"], code="expired")
        return forms.ValidationError(
            self.error_messages["invalid_login"]
            % {"limit": settings.LOGIN_ACCOUNT_FAILURE_LIMIT, "minutes": settings.LOGIN_COOLOFF_MINUTES},
            code="invalid_login",
        )


class PasswordChangeForm(StyledFormMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = "至少8位，不能全是数字，不能与工号、姓名相似。"
        self.fields["new_password2"].label = "再次输入新密码"
