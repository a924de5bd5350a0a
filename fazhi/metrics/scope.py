"""Which records a computation reads: an organisation's, within the caller's scope, never voided ones."""

from collections.abc import Callable

from django.db.models import Q, QuerySet

from fazhi.orgs.models import Organisation, OrgKind


def org_condition(org: Organisation) -> Q:
    """Records of an organisation: a village's own, a township's, or every township of a district
    together with the district's own records (filed with the district as their organisation)."""
    if org.kind == OrgKind.VILLAGE:
        return Q(village_id=org.pk)
    if org.kind == OrgKind.TOWNSHIP:
        return Q(township_id=org.pk)
    if org.kind == OrgKind.DISTRICT:
        return Q(township__district_id=org.pk) | Q(township_id=org.pk)
    if org.kind == OrgKind.GROUP:
        return Q(group_id=org.pk)
    raise ValueError(org.kind)


def base_records(spec, base: Callable[[type], QuerySet] | None) -> QuerySet:
    """The records a computation may read: the caller's scoped queryset (a user's) or, for the
    system (CLI, approval freezing), every record. Voided records never count."""
    qs = base(spec.model) if base is not None else spec.model.objects.all()
    return qs.filter(voided=False)
