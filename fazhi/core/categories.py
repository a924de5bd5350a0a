"""Configurable category lists (纠纷类型, 法律七进, …): declared by ledgers, kept per district."""

from dataclasses import dataclass

from .models import Category


@dataclass(frozen=True)
class CategoryList:
    """A list's key, label, default entries and whether a township may add its own."""

    key: str
    label: str
    defaults: list[tuple[str, str]]
    township_may_add: bool = False


LISTS: dict[str, CategoryList] = {}


def register_list(key: str, label: str, defaults: list[tuple[str, str]], *, township_may_add: bool = False):
    LISTS[key] = CategoryList(key, label, defaults, township_may_add)


def ensure_defaults(district) -> int:
    """Create the default entries a district lacks; returns how many were created."""
    existing = set(
        Category.objects.filter(district=district, township__isnull=True).values_list("list_key", "code")
    )
    new = [
        Category(list_key=lst.key, district=district, code=code, label=label, sort_order=i)
        for lst in LISTS.values()
        for i, (code, label) in enumerate(lst.defaults)
        if (lst.key, code) not in existing
    ]
    Category.objects.bulk_create(new)
    return len(new)
