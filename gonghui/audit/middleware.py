from auditlog.context import auditlog_value
from auditlog.middleware import AuditlogMiddleware

from gonghui.core.params import client_ip


class AuditMiddleware(AuditlogMiddleware):
    """auditlog's middleware with the client address taken as the rest of the project takes it,
    and its context ended with the request: auditlog leaves it set, so work done later on the
    same thread (a test, a command) would be signed with the last visitor's name and address."""

    def __call__(self, request):
        token = auditlog_value.set({"signal_duid": None})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None
