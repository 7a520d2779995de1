from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from . import lockout
from .forms import LoginForm, PasswordChangeForm
from .services import user_change_password


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")
        # Locked: refused before the password is even looked at, right or wrong.
        if lockout.locked(request, username):
            return render(
                request,
                "accounts/locked_out.html",
                {"minutes": settings.LOGIN_COOLOFF_MINUTES},
                status=429,
            )
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if self.request.method == "POST" and form.data.get("username"):
            lockout.record_failure(self.request, form.data["username"])
        return super().form_invalid(form)

    def form_valid(self, form):
        lockout.record_success(self.request, form.data.get("username", ""))
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_change_password(actor=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。")
        return redirect("web:home")
    return render(request, "accounts/password_change.html", {"form": form, "forced": request.user.must_change_password})
