"""Django's database sessions, idle expiry taken from the security settings instead of SESSION_COOKIE_AGE."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from .policy import current


class SessionStore(DatabaseSessionStore):
    def get_session_cookie_age(self):
        return current().idle_minutes * 60
