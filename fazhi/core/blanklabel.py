"""The empty choice of every form select reads 请选择, not Django's "---------".

Django spells that label in two places: the list BLANK_CHOICE_DASH (choices of model fields, used as a
default argument, so it is changed in place) and ModelChoiceField's keyword default `empty_label`.
Changing both once covers every form, present and future; list filters set their own 全部
(FILTERS_EMPTY_CHOICE_LABEL), and a field that passes its own empty_label keeps it.
"""

from django import forms
from django.db.models import fields

EMPTY_LABEL = "请选择"


def use_chinese_empty_label() -> None:
    fields.BLANK_CHOICE_DASH[:] = [("", EMPTY_LABEL)]
    forms.ModelChoiceField.__init__.__kwdefaults__["empty_label"] = EMPTY_LABEL
