"""Template filters for readable text on every page."""

from django import template

register = template.Library()


@register.filter
def sentence(value) -> str:
    """The text as one sentence: a full stop added unless it already ends in one (no "。。")."""
    text = str(value or "").strip()
    return text if not text or text[-1] in "。！？.!?" else f"{text}。"
