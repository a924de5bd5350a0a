"""Small helpers shared by the tests: API clients with a token, payloads built from a record."""

import importlib
import pkgutil
from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

import fazhi
from fazhi.core.api import _input_fields
from fazhi.orgs.models import ApiToken


def api_client(user) -> Client:
    """A client that authenticates to the API with a fresh personal token of `user`."""
    _, raw = ApiToken.issue(user, "测试")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _json_value(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def api_payload(spec, record, *, with_version: bool = True) -> dict:
    """The record's own values in the API's input shape (unmasked, straight from the database)."""
    body = {
        name: _json_value(getattr(record, record._meta.get_field(name).attname))
        for name in _input_fields(spec)
    }
    for child in spec.children:
        body[child.related_name] = [
            {
                "id": row.pk,
                **{f: _json_value(getattr(row, row._meta.get_field(f).attname)) for f in child.fields},
            }
            for row in getattr(record, child.related_name).all()
        ]
    if with_version:
        body["version"] = record.version
    return body


def create_payload(spec, record) -> dict:
    """A payload that creates a copy of `record` (children without their ids)."""
    body = api_payload(spec, record, with_version=False)
    for child in spec.children:
        body[child.related_name] = [
            {k: v for k, v in row.items() if k != "id"} for row in body[child.related_name]
        ]
    return body


def form_data(spec, record) -> dict:
    """POST data of the record's edit form, including the child formsets and the version."""
    from fazhi.core.forms import child_formset_class, record_form_class

    data = {}
    form = record_form_class(spec)(instance=record, user=record.created_by, spec=spec, action="change")
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = value.isoformat() if isinstance(value, date) else value
    data["version"] = record.version
    for child in spec.children:
        formset = child_formset_class(spec, child)(instance=record, prefix=child.key)
        existing = [sub for sub in formset.forms if sub.instance.pk]
        data[f"{child.key}-TOTAL_FORMS"] = data[f"{child.key}-INITIAL_FORMS"] = len(existing)
        data[f"{child.key}-MIN_NUM_FORMS"], data[f"{child.key}-MAX_NUM_FORMS"] = 0, 1000
        for i, sub in enumerate(existing):
            data[f"{child.key}-{i}-id"] = sub.instance.pk
            data[f"{child.key}-{i}-{child.fk_name}"] = record.pk
            for name in child.fields:
                value = sub.initial.get(name)
                if value is None or value == "":
                    continue
                data[f"{child.key}-{i}-{name}"] = value.isoformat() if isinstance(value, date) else value
    return data


def upload(name="现场照片.jpg", content=b"\xff\xd8\xff\xe0 not really a jpeg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def collect_samples() -> dict:
    """SAMPLES of every `fazhi.<app>.tests.samples` module: ledger key -> function(cast) -> record."""
    samples = {}
    for info in pkgutil.iter_modules(fazhi.__path__):
        try:
            module = importlib.import_module(f"fazhi.{info.name}.tests.samples")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(f"fazhi.{info.name}"):
                continue
            raise
        samples.update(getattr(module, "SAMPLES", {}))
    return samples
