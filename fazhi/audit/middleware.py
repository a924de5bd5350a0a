"""Per request: remember the request for audit calls made without one, and log refused accesses."""

from .models import AuditAction
from .services import audit_record, current_request

# Requests for static assets are not accesses to anything worth an audit line.
_QUIET_PREFIXES = ("/static/", "/favicon.ico")


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            response = self.get_response(request)
            if response.status_code in (403, 404) and not request.path.startswith(_QUIET_PREFIXES):
                user = getattr(request, "user", None)
                audit_record(
                    user=user if getattr(user, "is_authenticated", False) else None,
                    action=AuditAction.DENIED,
                    # The path only: a query string may carry searched names.
                    detail=f"{response.status_code} {request.method} {request.path[:400]}",
                    request=request,
                )
            return response
        finally:
            current_request.reset(token)
