from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import LoginForm
from .services import user_change_password


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_http_methods(["GET", "POST"])
def password_change(request):
    form = SetPasswordForm(request.user, request.POST or None)
    form.fields["new_password1"].label = "新密码"
    form.fields["new_password2"].label = "再次输入新密码"
    if request.method == "POST" and form.is_valid():
        user_change_password(actor=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。")
        return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})
