"""Bringing every stored personal value to the current key: the data migration that encrypted the rows
written before encryption, and `fazhi rotate-key`, which re-encrypts rows of an older key (main and history
tables alike) and recomputes their blind indexes, in batches of their own transactions."""

from django.apps import apps as global_apps
from django.db import connection as default_connection
from django.db import transaction

from . import crypto
from .fields import blind_indexes, encrypted_fields
from .storage import encrypted_file_fields, reencrypt_files


def personal_models(apps=global_apps) -> list:
    """Every model (history models included) with an encrypted field."""
    return [m for m in apps.get_models() if encrypted_fields(m)]


def _row(values: list, columns: list) -> tuple[list, bool, dict]:
    """The row's stored values under the current key, whether any changed, and the plaintexts."""
    plain = {f.attname: f.plaintext(v) for f, v in zip(columns, values, strict=True)}
    out, changed = [], False
    for f, v in zip(columns, values, strict=True):
        new = f.under_current_key(v, plain[f.attname])
        changed |= new is not v
        out.append(new)
    return out, changed, plain


def reencrypt_model(model, *, batch: int = 1000, connection=None) -> int:
    """Re-encrypt the model's rows not under the current key and refresh their blind indexes; each batch
    commits on its own, so a long run can be stopped and started again. The number of rows changed."""
    conn = connection or default_connection
    qn = conn.ops.quote_name
    columns = encrypted_fields(model)
    indexes = blind_indexes(model)
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    select_cols = ", ".join(qn(f.column) for f in [*columns, *indexes])
    sets = ", ".join(f"{qn(f.column)} = %s" for f in [*columns, *indexes])
    n_cols = len(columns)
    if any(f.get_internal_type() == "BinaryField" for f in columns):
        batch = min(batch, 20)  # stored files: a few MB each
    done, last = 0, None
    while True:
        with transaction.atomic(using=conn.alias), conn.cursor() as cur:
            where = f"WHERE {pk} > %s " if last is not None else ""
            cur.execute(
                f"SELECT {pk}, {select_cols} FROM {table} {where}ORDER BY {pk} LIMIT %s",
                [last, batch] if last is not None else [batch],
            )
            rows = cur.fetchall()
            if not rows:
                return done
            updates = []
            for pk_value, *stored in rows:
                values, changed, plain = _row(stored[:n_cols], columns)
                new_idx = [crypto.blind_index(plain.get(f.source, ""), f.kind) for f in indexes]
                if changed or new_idx != list(stored[n_cols:]):
                    updates.append([*values, *new_idx, pk_value])
            if updates:
                cur.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", updates)
            done += len(updates)
            last = rows[-1][0]


def reencrypt_all(*, batch: int = 1000, progress=None) -> dict[str, int]:
    """Every encrypted field of every table (history included) and every encrypted stored file (the
    import files), to the current key."""
    out = {}
    for model in personal_models():
        out[model._meta.label] = reencrypt_model(model, batch=batch)
        if progress:
            progress(model._meta.label, out[model._meta.label])
    for model in [m for m in global_apps.get_models() if encrypted_file_fields(m)]:
        label = f"{model._meta.label}（文件）"
        out[label] = reencrypt_files(model, batch=min(batch, 20))
        if progress:
            progress(label, out[label])
    return out


def add_key_to_file() -> str:
    """A new data key in the key file, made current (the older ones stay, to read what is not yet
    re-encrypted): the new key's id."""
    from pathlib import Path

    from django.conf import settings

    path = Path(settings.FAZHI_KEY_FILE)
    data = crypto.read_key_file(path)
    number = 1 + max((int(k[1:]) for k in data["keys"] if k[1:].isdigit()), default=0)
    kid = f"k{number}"
    data["keys"][kid] = crypto.new_key()
    data["current"] = kid
    crypto.write_key_file(path, data)
    crypto.keyring.cache_clear()
    return kid


def encrypt_existing_rows(app_label: str):
    """A RunPython step: encrypt the app's rows written in plaintext and fill their blind indexes."""

    def run(apps, schema_editor):
        for model in apps.get_app_config(app_label).get_models():
            if encrypted_fields(model):
                reencrypt_model(model, connection=schema_editor.connection)

    return run
