"""Files holding personal data kept encrypted in Django's default storage (STORAGES["default"]).

`EncryptedStorage` wraps the default storage — a folder shared by the app servers, or an S3-compatible
bucket — and encrypts each file with the personal-data keys on the way in (crypto.encrypt_bytes: the
key id travels in the file's first bytes) and decrypts it on the way out, so the folder, the bucket and
their backups never hold a readable workbook. `reencrypt_files` brings a model's stored files to the
current key for `fazhi rotate-key`: each file is written anew under a new name, the row is pointed at it
and the old file is deleted, so a run can stop anywhere and start again.
"""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from . import crypto

HEAD = 40  # bytes enough for the token header "<version>:<key id>:"


@deconstructible
class EncryptedStorage(Storage):
    """The default storage, with every file's content encrypted at rest."""

    @property
    def inner(self) -> Storage:
        return storages["default"]  # looked up each time: tests and settings may swap it

    def _open(self, name, mode="rb"):
        with self.inner.open(name, "rb") as f:
            return ContentFile(crypto.decrypt_bytes(f.read()), name=name)

    def _save(self, name, content):
        content.seek(0)
        return self.inner.save(name, ContentFile(crypto.encrypt_bytes(content.read())))

    def head(self, name) -> bytes:
        """The stored (encrypted) first bytes: which key and algorithm the file was written with."""
        with self.inner.open(name, "rb") as f:
            return f.read(HEAD)

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def delete(self, name):
        self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def size(self, name):
        return self.inner.size(name)

    def listdir(self, path):
        return self.inner.listdir(path)

    def get_modified_time(self, name):
        return self.inner.get_modified_time(name)

    def path(self, name):
        return self.inner.path(name)

    def url(self, name):
        raise NotImplementedError("encrypted files are served only by the views that decrypt them")


def encrypted_storage() -> EncryptedStorage:
    return ENCRYPTED


ENCRYPTED = EncryptedStorage()


def random_path(folder: str) -> str:
    """A name for a file of personal data: random, under folder/<year>/<month>/, never the uploaded
    file's name (which may itself name a person)."""
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.bin"


def encrypted_file_fields(model) -> list[models.FileField]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.FileField) and isinstance(f.storage, EncryptedStorage)
    ]


def _is_current(storage: EncryptedStorage, name: str) -> bool:
    try:
        return crypto.is_current(storage.head(name).decode("ascii", "replace"))
    except FileNotFoundError:
        return True  # nothing to re-encrypt (a purge raced the rotation)


def reencrypt_files(model, *, batch: int = 20) -> int:
    """Re-encrypt the model's stored files not under the current key; the number of files rewritten."""
    done = 0
    for field in encrypted_file_fields(model):
        storage = field.storage
        last = 0
        while True:
            rows = list(
                model._default_manager.exclude(**{field.attname: ""})
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", field.attname)[:batch]
            )
            if not rows:
                break
            for pk, name in rows:
                if _is_current(storage, name):
                    continue
                with storage.open(name) as f:
                    plain = f.read()
                new = storage.save(field.generate_filename(None, name), ContentFile(plain))
                # Only if the row still points at the old file (a purge may have emptied it meanwhile).
                if model._default_manager.filter(pk=pk, **{field.attname: name}).update(
                    **{field.attname: new}
                ):
                    storage.delete(name)
                    done += 1
                else:
                    storage.delete(new)
            last = rows[-1][0]
    return done
