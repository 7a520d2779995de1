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
        # The path is checked first so public URLs never load the session.
        if not request.path.startswith(PUBLIC_PREFIXES) and not request.user.is_authenticated:
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
        if request.path.startswith(self.allowed):
            return self.get_response(request)
        if request.user.is_authenticated and request.user.must_change_password:
            return redirect("accounts:password-change")
        return self.get_response(request)
