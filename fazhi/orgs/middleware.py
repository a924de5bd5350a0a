"""An account whose password was set by an administrator reaches nothing but the password page."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

# What such a user may still reach: the page to change it, signing out, the static assets.
_ALLOWED_NAMES = ("password-change", "logout")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path_info.startswith("/static/")
            and request.path_info not in {reverse(name) for name in _ALLOWED_NAMES}
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": "请先修改密码"}, status=403)
            return redirect("password-change")
        return self.get_response(request)
