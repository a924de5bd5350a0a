"""Chinese error pages that keep the reason a view gave (when it is Chinese), never Django's English text."""

import re
import sys

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .middleware import busy_response, is_database_busy

CHINESE = re.compile(r"[\u4e00-\u9fff]")

DEFAULT_REASONS = {
    403: "您没有权限访问此页面或执行此操作。",
    404: "您要找的页面或记录不存在，或不在您的管理范围内。",
}


def _reason(exception, status: int) -> str:
    """The view's own message when it is a Chinese sentence; library text (English) is replaced."""
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    return text if CHINESE.search(text) else DEFAULT_REASONS[status]


def permission_denied(request, exception=None):
    context = {"status": 403, "title": "无权访问", "reason": _reason(exception, 403)}
    return render(request, "web/error.html", context, status=403)


def page_not_found(request, exception=None):
    context = {"status": 404, "title": "页面不存在", "reason": _reason(exception, 404)}
    return render(request, "web/error.html", context, status=404)


def server_error(request):
    # Called inside Django's exception handling: a SQLite lock met by a middleware or at the session save
    # (after the view ran, so process_exception never saw it) is a moment's congestion, not an error.
    if is_database_busy(sys.exc_info()[1]):
        return busy_response(request)
    # No context processors: the database or a template may be what failed.
    return HttpResponseServerError(loader.get_template("web/500.html").render())


def csrf_failure(request, reason=""):
    context = {
        "status": 403,
        "title": "页面已过期",
        "reason": "页面已过期或表单来源无法验证，请刷新页面后重试。",
    }
    return render(request, "web/error.html", context, status=403)
