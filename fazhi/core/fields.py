"""Model fields for personal data: encrypted text, and the blind index that finds it (see crypto.py).

A model declares `name = EncryptedCharField("姓名", max_length=64)` and, for a field people search or
match on, `name_bidx = BlindIndexField(source="name", kind="name")`. The instance holds plaintext; only
the database sees tokens. django-simple-history copies both fields, so history rows are encrypted too.
An encrypted column can be compared only through its blind index: a filter on the column itself never
matches (each encryption differs).
"""

from django.db import models

from . import crypto


class EncryptedCharField(models.CharField):
    """A CharField whose column holds a ciphertext token (text); max_length still limits the plaintext."""

    encrypted = True

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def cast_db_type(self, connection):
        return self.db_type(connection)

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value) if value else value

    # For key rotation (rotation.py), which reads and writes the stored values with SQL.
    def plaintext(self, stored):
        return crypto.decrypt(stored) if stored else stored

    def under_current_key(self, stored, plain):
        return stored if not stored or crypto.is_current(stored) else crypto.encrypt(plain)


class EncryptedBinaryField(models.BinaryField):
    """Bytes (an uploaded workbook) stored encrypted; b"" stays empty (a purged file)."""

    encrypted = True

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt_bytes(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt_bytes(bytes(value)) if value else value

    def plaintext(self, stored):
        return crypto.decrypt_bytes(stored) if stored else stored

    def under_current_key(self, stored, plain):
        if not stored or crypto.is_current(bytes(stored[:40]).decode("ascii", "replace")):
            return stored
        return crypto.encrypt_bytes(plain)


class _Computed:
    """The blind index is always that of the field it indexes, whatever was assigned or loaded; when that
    field was not loaded (`only()`), the stored index stays as it is."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        d = instance.__dict__
        source = self.field.source_attname
        if source not in d:
            return d.get(self.field.attname, "")
        return crypto.blind_index(d[source], self.field.kind)

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value


class BlindIndexField(models.CharField):
    """HMAC of another field's normalised value, kept by the model itself (never a form field)."""

    def __init__(self, *args, source: str, kind: str, **kwargs):
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    @property
    def source_attname(self) -> str:
        return self.source  # a plain field: its attname is its name

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        for key, value in (("max_length", 64), ("blank", True), ("default", ""), ("editable", False)):
            if kwargs.get(key) == value:
                del kwargs[key]
        if kwargs.get("db_index", True) is True:
            kwargs.pop("db_index", None)
        else:
            kwargs["db_index"] = False
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        setattr(cls, self.attname, _Computed(self))

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model) -> list[EncryptedCharField]:
    return [f for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]


def blind_indexes(model) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]


def index_of(model, name: str) -> BlindIndexField | None:
    """The blind index of field `name`, if it has one."""
    return next((f for f in blind_indexes(model) if f.source == name), None)


def fill_blind_indexes(instances, model) -> None:
    """Store each instance's blind indexes in its __dict__, for writers that read it directly (the import's
    raw inserts) rather than through the attributes."""
    fields = blind_indexes(model)
    # Equal values have equal indexes: each distinct value is hashed once (a name or a phone number
    # repeats across the rows of an import).
    done: dict[tuple, str] = {}
    for inst in instances:
        if inst is None:
            continue
        d = inst.__dict__
        for f in fields:
            value = d.get(f.source, "")
            key = (f.kind, value.__class__, value)  # 1 and True are equal keys but other texts
            try:
                d[f.attname] = done[key]
            except KeyError:
                d[f.attname] = done[key] = crypto.blind_index(value, f.kind)
            except TypeError:  # an unhashable value
                d[f.attname] = crypto.blind_index(value, f.kind)
