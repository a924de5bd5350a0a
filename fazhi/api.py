"""The JSON API under /api/v1/: token (or session) authentication, one router per ledger."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from ninja import NinjaAPI
from ninja.security import HttpBearer, django_auth

from fazhi.core import ledgers
from fazhi.core.api import build_router, install_error_handlers
from fazhi.deadlines.api import router as deadlines_router
from fazhi.imports.api import router as imports_router
from fazhi.orgs.models import ApiToken, TokenScope
from fazhi.renderers import Utf8JSONRenderer


class TokenAuth(HttpBearer):
    """`Authorization: Bearer fz_…` with a personal token made in the UI or by `fazhi token`."""

    def authenticate(self, request, token):
        found = ApiToken.lookup(token)
        if found is None:
            return None
        if found.scope != TokenScope.WRITE and request.method not in ("GET", "HEAD", "OPTIONS"):
            raise PermissionDenied("只读令牌不能修改数据")
        request.user = found.user  # history and scoping read request.user
        return found.user


def signed_in_or_token(view):
    """The schema and docs for a signed-in user or a valid API token; anyone else is sent to sign in."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            header = request.headers.get("Authorization", "")
            if header.startswith("Bearer ") and TokenAuth().authenticate(request, header[7:].strip()):
                return view(request, *args, **kwargs)
        return login_required(view)(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="法治政府建设工作平台 API",
    version="1",
    description="与界面相同的权限与校验。认证：`Authorization: Bearer <令牌>`（在“我的账户”中创建）。",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    renderer=Utf8JSONRenderer(),
    # The schema maps every field of every ledger: it is for signed-in users, not for the whole intranet.
    docs_decorator=signed_in_or_token,
)
install_error_handlers(api)


def _mount():
    for spec in ledgers.all_ledgers():
        api.add_router(f"/{spec.key}/", build_router(spec))
    api.add_router("/deadlines/", deadlines_router)
    api.add_router("/imports/", imports_router)


_mount()
