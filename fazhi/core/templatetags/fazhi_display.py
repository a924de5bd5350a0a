"""Template filters for readable text on every page."""

from django import template

register = template.Library()


@register.filter
def sentence(value) -> str:
    """The text as one sentence: a full stop added unless it already ends in one (no "。。")."""
    text = str(value or "").strip()
    return text if not text or text[-1] in "。！？.!?" else f"{text}。"


WIDE_CHILD_FIELDS = {"id_number", "address", "notes", "place"}


@register.filter
def child_col(field) -> str:
    """Column width of a field in a child row: an 18-character 身份证号 or an address needs more room."""
    return "col-md-3" if field.name in WIDE_CHILD_FIELDS else "col-md-2"
