from django import template

from fazhi.reportcheck.selectors import can_check_reports

register = template.Library()


@register.filter
def may_check_reports(user) -> bool:
    """Whether the navigation shows 报告检查 (区级督查, 乡镇领导, 乡镇经办人)."""
    return bool(getattr(user, "is_authenticated", False)) and can_check_reports(user)
