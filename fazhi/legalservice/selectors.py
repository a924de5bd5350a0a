"""Reads of the public legal service ledgers."""

from datetime import date

from fazhi.orgs.models import Organisation, OrgKind

from .models import AdvisorVillage


def advisor_coverage(township, on_date: date) -> tuple[set[int], set[int]]:
    """一村一法律顾问 on `on_date`: (villages with an advisor under contract, all villages current that day).

    Voided advisors do not count; a village no longer current that day counts in neither set.
    """
    villages = set(
        Organisation.objects.current(on_date)
        .filter(kind=OrgKind.VILLAGE, township=township)
        .values_list("pk", flat=True)
    )
    covered = set(
        AdvisorVillage.objects.filter(
            advisor__township=township,
            advisor__voided=False,
            advisor__contract_start__lte=on_date,
            advisor__contract_end__gte=on_date,
            village_id__in=villages,
        ).values_list("village_id", flat=True)
    )
    return covered, villages
