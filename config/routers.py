"""The cache tables (DatabaseCache) are reached through the "cache" database alias: a connection of
their own, so that progress written during an import's transaction is seen at once by other servers."""

CACHE_APP = "django_cache"  # the app label of DatabaseCache's table model


class CacheRouter:
    def db_for_read(self, model, **hints):
        return "cache" if model._meta.app_label == CACHE_APP else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == CACHE_APP:
            return db == "cache"
        return db != "cache"  # the cache alias holds nothing else (on PostgreSQL it is the same database)
