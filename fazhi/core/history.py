"""Bulk writes that still write history (the plain queryset methods refuse)."""

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .fields import blind_indexes
from .rawwrites import allow_raw_writes


def bulk_create_records(objs, model, *, user, batch_size: int = 500):
    with allow_raw_writes():
        return bulk_create_with_history(objs, model, batch_size=batch_size, default_user=user)


def bulk_update_records(objs, model, fields: list[str], *, user, batch_size: int = 500):
    """Update many records at once; each gets a history row and its version moves on."""
    for obj in objs:
        obj.version = (obj.version or 0) + 1
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = user
    indexes = [f.name for f in blind_indexes(model) if f.source in fields]  # kept with what they index
    fields = list(
        dict.fromkeys(
            [
                *fields,
                *indexes,
                "version",
                *(["updated_by"] if objs and hasattr(objs[0], "updated_by_id") else []),
            ]
        )
    )
    with allow_raw_writes():
        return bulk_update_with_history(objs, model, fields, batch_size=batch_size, default_user=user)
