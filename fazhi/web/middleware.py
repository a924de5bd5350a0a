import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.db import OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import patch_cache_control

from fazhi.securitypolicy.policy import current

logger = logging.getLogger(__name__)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a signed-in user; the API authenticates its own requests (token or session)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


BUSY = "系统繁忙，请稍后重试"


class DatabaseBusyMiddleware:
    """SQLite's "database is locked" after the busy timeout is a moment's congestion, not a server error:
    the user gets 503 with a Chinese message (JSON for the API) and can simply try again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        return busy_response(request)


def is_database_busy(exception: BaseException | None) -> bool:
    """SQLite's "database is locked", raised as it is or as the cause of another error."""
    seen = 0
    while exception is not None and seen < 10:
        if isinstance(exception, OperationalError) and "database is locked" in str(exception):
            return True
        exception, seen = exception.__cause__ or exception.__context__, seen + 1
    return False


def busy_response(request):
    """503 "系统繁忙，请稍后重试": JSON for the API, the Chinese page otherwise. Also used by the 500
    handler, which is where a lock met by a middleware or the session save (after the view) ends up."""
    logger.warning("database busy: %s %s", request.method, request.path)
    if request.path_info.startswith("/api/"):
        response = JsonResponse({"detail": BUSY}, status=503)
    else:
        try:
            response = render(request, "busy.html", {"message": BUSY}, status=503)
        except Exception:  # the page's context (navigation) may itself need the database
            response = HttpResponse(BUSY, content_type="text/plain; charset=utf-8", status=503)
    response["Retry-After"] = "5"
    return response


class SessionLifetimeMiddleware:
    """A session ends the security settings' 会话最长有效 hours after sign-in however active it is."""

    KEY = "fazhi_signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(self.KEY, now)
            if now - started > current().session_max_hours * 3600:
                logout(request)
                if request.htmx:
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = resolve_url(settings.LOGIN_URL)
                    return response
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a page's automatic refresh (htmx polling, header X-Fazhi-Poll) neither
    saves the session nor moves its idle expiry: only what the user does keeps a session alive."""

    def process_response(self, request, response):
        if request.headers.get("X-Fazhi-Poll") and not request.session.modified:
            return response
        try:
            return super().process_response(request, response)
        except Exception as exc:
            # The session backend turns a failed save into UpdateError, then SessionInterrupted (a 400):
            # when the cause is SQLite's lock, it is congestion. An unchanged session is saved only to
            # move its idle expiry, which can wait for the next request: the view's answer (its writes
            # are committed) stands. A changed session (sign-in, sign-out) was not saved: 503.
            if not is_database_busy(exc):
                raise
            if request.session.modified:
                return busy_response(request)
            logger.warning("database busy, session expiry not moved: %s %s", request.method, request.path)
            return response


class NoStoreMiddleware:
    """Pages, API answers and files can carry personal data: no browser or proxy keeps a copy
    (static files, served before this by WhiteNoise, are cached as usual)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True)
        return response
