from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# Paths reachable without a session: the login page itself, health checks, static files,
# and the API, which authenticates each request on its own (token or session).
PUBLIC_PREFIXES = ("/accounts/login/", "/healthz", "/static/", "/api/", "/favicon.ico")


class LoginRequiredMiddleware:
    """Deny by default: every page needs a login unless its path is listed above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            login_url = reverse(settings.LOGIN_URL)
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=401)
                response["HX-Redirect"] = login_url
                return response
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """A first login (or a reset by the union office) must set a new password before anything else."""

    allowed = ("/accounts/password/", "/accounts/logout/", "/static/", "/healthz", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not request.path.startswith(self.allowed):
            return redirect("accounts:password-change")
        return self.get_response(request)
