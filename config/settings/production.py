"""Production: PostgreSQL via DATABASE_URL, behind a reverse proxy that terminates TLS."""

from pathlib import Path

from .base import *  # noqa: F403
from .env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS is required")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Personal data keys are never generated here: a lost generated key would lose the data it encrypted.
FAZHI_KEY_AUTOCREATE = False
if not (FAZHI_DATA_KEY and FAZHI_INDEX_KEY) and not Path(FAZHI_KEY_FILE).exists():  # noqa: F405
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "没有数据密钥：请设置 FAZHI_DATA_KEY 与 FAZHI_INDEX_KEY，或提供密钥文件 FAZHI_KEY_FILE（权限 600）"
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Axes sits behind the proxy: the client address comes from X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = env_int("FAZHI_PROXY_COUNT", 1)
# HSTS preload commits the whole domain to HTTPS in browsers for good; that is the domain owner's
# decision (SECURE_HSTS_PRELOAD=true), not a default of this application.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]  # noqa: F405
