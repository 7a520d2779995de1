from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm

from gonghui.web.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    username = forms.CharField(
        label="工号或手机号",
        max_length=20,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "inputmode": "text"}),
    )
    error_messages = {
        "invalid_login": "工号/手机号或密码不正确。连续输错 %(limit)s 次将锁定账号 15 分钟。",
        "inactive": "该账号已停用，请联系工会办公室。",
    }

    def get_invalid_login_error(self):
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"] % {"limit": settings.AXES_FAILURE_LIMIT}, code="invalid_login"
        )


class PasswordChangeForm(StyledFormMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = "至少8位，不能全是数字，不能与工号、姓名相似。"
        self.fields["new_password2"].label = "再次输入新密码"
