"""Import updates of workflow columns: a changed status is written through the ledger's own transition
(its check, its permission, its history entry), exactly as the detail page's button would; a change the
workflow does not allow is refused, with the row's number."""

from dataclasses import dataclass, field

from fazhi.core.ledgers import Transition
from fazhi.core.policy import can


@dataclass
class UpdatePlan:
    """How one matched record is brought to the file's values."""

    plain: dict  # the edited columns, written by record_update
    transition: Transition | None = None
    data: dict = field(default_factory=dict)  # the transition's own fields


def _value(obj, spec, name: str):
    return getattr(obj, spec.model._meta.get_field(name).attname)


def _shown(spec, name: str, value) -> str:
    choices = dict(spec.model._meta.get_field(name).choices or ())
    return str(choices.get(value, value))


def plan_update(*, spec, user, record, instance, names: list[str]) -> tuple[UpdatePlan | None, str]:
    """The plan for updating `record` with the file's `instance` (columns `names`), or why it is refused.

    Derived workflow fields (due dates, on-time flags) are not compared: the ledger's derive recomputes
    them. Only what a step records (its fields and the status) counts as a workflow change."""
    workflow = set(spec.workflow_fields)
    plain = {n: getattr(instance, n) for n in names if n not in workflow}
    if not spec.transitions or not spec.status_field:
        # No workflow: its recorded columns are ordinary data (the ledger has no step that sets them).
        return UpdatePlan({n: getattr(instance, n) for n in names}), ""
    status = spec.status_field
    recorded = {status}.union(*(t.fields for t in spec.transitions))
    changed = [
        n
        for n in names
        if n in workflow and n in recorded and _value(record, spec, n) != _value(instance, spec, n)
    ]
    if not changed:
        return UpdatePlan(plain), ""
    headers = "、".join(str(spec.model._meta.get_field(n).verbose_name) for n in changed)
    if status not in changed:
        return None, f"“{headers}”由办理步骤记录，状态未变时不能通过导入修改"
    old, new = getattr(record, status), getattr(instance, status)
    step = next((t for t in spec.transitions if old in t.from_ and t.to == new), None)
    if step is None:
        return None, f"状态不能由“{_shown(spec, status, old)}”直接改为“{_shown(spec, status, new)}”"
    if not can(user, spec, step.action, record):
        return None, f"您没有权限执行“{step.label}”"
    extra = [n for n in changed if n != status and n not in step.fields]
    if extra:
        cols = "、".join(str(spec.model._meta.get_field(n).verbose_name) for n in extra)
        return None, f"“{cols}”不属于“{step.label}”步骤，不能随该步骤导入"
    return UpdatePlan(plain, step, {f: getattr(instance, f) for f in step.fields}), ""
