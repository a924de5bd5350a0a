"""The ledger registry: each ledger is declared once and gets list, detail, forms, API and history.

See docs/adding-a-ledger.md for the steps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from .policy import Policy

# Sidebar groups, in the order of domain.md §2.
GROUPS = [
    ("publicity", "普法"),
    ("decisions", "依法决策"),
    ("enforcement", "行政执法"),
    ("petitions", "信访"),
    ("tickets", "12345与互联网+督查"),
    ("disputes", "矛盾纠纷排查化解"),
    ("legalservice", "公共法律服务"),
    ("oversight", "监督"),
    ("duties", "第一责任人"),
]


@dataclass(frozen=True)
class ChildSpec:
    """Rows that belong to a record (parties, sessions, hearings), edited with it."""

    model: type
    fk_name: str
    fields: list[str]
    label: str
    personal: dict[str, str] = field(default_factory=dict)  # field -> mask kind
    extra: int = 1
    min_num: int = 0

    @property
    def key(self) -> str:
        return self.model._meta.model_name

    @property
    def related_name(self) -> str:
        return self.model._meta.get_field(self.fk_name).remote_field.get_accessor_name()


@dataclass(frozen=True, kw_only=True)
class Transition:
    """A workflow step, declared once: shown as a button on the detail page, an API action and an import
    update of the status column, all run by core.services.apply_transition from this declaration."""

    name: str
    label: str
    from_: tuple[str, ...]  # the statuses it may start from
    to: str  # the status it leads to
    fields: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    action: str = "change"  # the policy action whose roles may do it
    # guard(record) before the step's fields are set: a refusal that says more than the status check.
    guard: Callable | None = None
    # check(record, data) after the fields are set: the ledger's own rules (raise ValidationError); it may
    # also set fields the step decides (a closing date cleared, an end date taken from another).
    check: Callable | None = None

    def __post_init__(self):
        if not self.to:
            raise ValueError(f"transition {self.name}: no status to lead to (to=…)")
        if not self.from_:
            raise ValueError(f"transition {self.name}: no status to start from (from_=…)")


@dataclass
class LedgerSpec:
    """Everything the shared machinery needs to know about one ledger."""

    key: str
    model: type
    label: str
    short: str
    group: str
    date_field: str
    fields: list[str]
    list_columns: list[str]
    search_fields: list[str]
    filter_fields: list[str] = field(default_factory=list)
    ordering: list[str] = field(default_factory=list)
    personal: dict[str, str] = field(default_factory=dict)
    children: list[ChildSpec] = field(default_factory=list)
    transitions: list[Transition] = field(default_factory=list)
    policy: Policy = field(default_factory=Policy)
    status_field: str | None = None
    title_field: str = "number"
    uses_village: bool = True
    uses_group: bool = True
    # Kept at district level too (区本级): the district's staff file records with the district itself as
    # their organisation (core.policy.action_scope). Village-bound ledgers stay township-only.
    district_level: bool = False
    form_class: type | None = None
    # The write pipeline (core.services and the import alike): derive(record) recomputes the fields other
    # fields decide (due dates, on-time flags); validate(user, record) raises ValidationError for what
    # this ledger forbids beyond model validation; after the records are saved, each after_write hook
    # (records, user, before=()) keeps data outside them in step (clock rows, study-plan marks), once per
    # batch. `before` holds the records as they were, for updates.
    derive: Callable | None = None
    validate: Callable | None = None
    after_write: tuple[Callable, ...] = ()
    description: str = ""
    # Import matching (domain.md §8): the platform's own number where there is one, else date +
    # title/summary + village. Rows match on 编号 first, then on these fields.
    natural_key: tuple[str, ...] = ()
    # A regular expression of the words by which a report mentions this ledger (checked when it has records).
    report_words: str = ""
    # What part 三 of the report calls this ledger when it holds nothing for a whole year ("" = not expected).
    expected_yearly: str = ""
    # Fields set only by transitions: shown on detail, never on the edit form.
    workflow_fields: list[str] = field(default_factory=list)
    # clocks(record) -> objects shown by core/partials/clocks.html (legal time limits):
    # fazhi.deadlines.display.clock_views for ledgers that have clocks.
    clocks: Callable | None = None

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    @property
    def summary_column(self) -> str:
        """The list column that says what a record is about, beside its 编号 and date (record lists
        behind a figure)."""
        skip = ("number", "township", "village", "group", self.date_field)
        return next((c for c in self.list_columns if c not in skip), "number")

    def step(self, name: str) -> Callable:
        """The service of a declared step: step(record=, user=, data=, expected_version=, request=None)."""
        if self.transition(name) is None:
            raise KeyError(f"{self.key} has no transition {name!r}")
        from .services import apply_transition  # services imports this module

        return partial(apply_transition, spec=self, name=name)


_registry: dict[str, LedgerSpec] = {}


def register(spec: LedgerSpec) -> LedgerSpec:
    if spec.key in _registry:
        raise ValueError(f"ledger {spec.key} registered twice")
    _registry[spec.key] = spec
    spec.model.ledger_spec = spec
    for child in spec.children:
        child.model.ledger_spec = spec
    return spec


def get(key: str) -> LedgerSpec | None:
    return _registry.get(key)


def all_ledgers() -> list[LedgerSpec]:
    order = {g: i for i, (g, _) in enumerate(GROUPS)}
    return sorted(_registry.values(), key=lambda s: order.get(s.group, 99))


def expected_yearly() -> list[tuple[str, str]]:
    """(ledger key, words) of the ledgers whose silence for a whole year is worth a report's mention."""
    return [(s.key, s.expected_yearly) for s in all_ledgers() if s.expected_yearly]


def grouped() -> list[tuple[str, list[LedgerSpec]]]:
    labels = dict(GROUPS)
    out: dict[str, list[LedgerSpec]] = {}
    for spec in all_ledgers():
        out.setdefault(spec.group, []).append(spec)
    return [(labels.get(g, g), specs) for g, specs in out.items()]
