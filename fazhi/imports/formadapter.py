"""The one place the import relies on Django's private form API: the UI's form validating many rows
(`_get_validation_exclusions`, `_update_errors`, `_errors`, `full_clean` on a reused instance), and relation
fields answering from objects read once. tests/test_formadapter.py pins what it relies on."""

import copy

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


class Prefetched(forms.ModelChoiceField):
    """A ModelChoiceField answering from objects read once, so that validating a row costs no query."""

    objects: dict

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, models.Model):
            return value
        obj = self.objects.get(str(value))
        if obj is None:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return obj


def prefetch(field: forms.ModelChoiceField, eager: bool) -> Prefetched:
    new = copy.copy(field)
    new.__class__ = Prefetched
    new.objects = {str(o.pk): o for o in field.queryset} if eager else {}
    return new


def import_form_class(form_class):
    """The UI's form with one difference: a relation chosen from the prefetched objects is not looked
    up again by model validation (those objects came from the form's own narrowed queryset)."""

    def _get_validation_exclusions(self):
        exclude = super(cls, self)._get_validation_exclusions()
        return exclude | {n for n, f in self.fields.items() if isinstance(f, Prefetched)}

    def _update_errors(self, errors):
        # The model's clean() may name a workflow field that is a column but not a form field
        # (办结日期早于受理日期): keep those errors for the row instead of letting Django raise.
        if hasattr(errors, "error_dict"):
            outside = {
                k: v for k, v in errors.error_dict.items() if k != NON_FIELD_ERRORS and k not in self.fields
            }
            if outside:
                self._outside_errors.update(outside)
                rest = {k: v for k, v in errors.error_dict.items() if k not in outside}
                if not rest:
                    return
                errors = ValidationError(rest)
        super(cls, self)._update_errors(errors)

    cls = type(
        f"Import{form_class.__name__}",
        (form_class,),
        {"_get_validation_exclusions": _get_validation_exclusions, "_update_errors": _update_errors},
    )
    return cls


def reuse(form, data: dict, instance) -> None:
    """Validate `data` with an existing form instance (building a form per row costs more than its checks)."""
    form.data = data
    form.is_bound = True
    form.instance = instance
    form._errors = None
    form._outside_errors = {}
    form.full_clean()


def form_field_errors(form) -> dict:
    """The reused form's errors of its own fields (name → ValidationErrors)."""
    return form._errors.as_data() if form._errors else {}


def outside_errors(form) -> dict:
    """Errors model validation gave for columns that are not form fields (name → ValidationErrors)."""
    return getattr(form, "_outside_errors", {})


def has_errors(form) -> bool:
    return bool(form._errors or outside_errors(form))
