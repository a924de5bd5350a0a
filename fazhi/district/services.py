"""Writes of the district desk."""

from decimal import Decimal

from django.db import transaction

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.orgs.models import Organisation

from .models import OverviewSettings


@transaction.atomic
def overview_settings_save(
    *, district: Organisation, user, rate_band: Decimal, count_band: int, request=None
) -> OverviewSettings:
    settings, _ = OverviewSettings.objects.update_or_create(
        district=district, defaults={"rate_band": rate_band, "count_band": count_band}
    )
    audit_record(
        user=user,
        action=AuditAction.ADMIN,
        obj=settings,
        detail=f"区级总览偏离标准：比率{rate_band}个百分点，数量{count_band}%",
        request=request,
    )
    return settings
