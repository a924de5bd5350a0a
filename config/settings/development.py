"""Local use: `make run`. Debug off by default so that pages look as they do in production."""

from .base import *  # noqa: F403
from .env import env_bool, env_list

DEBUG = env_bool("FAZHI_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
