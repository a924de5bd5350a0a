"""Attachments of ledger records: size and type limits, checksum, never deleted."""

from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record

from .models import Attachment
from .policy import ensure_can


def attachments_of(record):
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(type(record)), object_id=record.pk
    ).select_related("uploaded_by")


@transaction.atomic
def attachment_add(*, record, user, file, kind: str, note: str = "", request=None) -> Attachment:
    ensure_can(user, record.ledger_spec, "change", record)
    if record.voided:
        raise ValidationError("已作废的记录不能上传附件")
    suffix = PurePosixPath(file.name).suffix.lower().lstrip(".")
    if suffix not in settings.FAZHI_ATTACHMENT_EXTENSIONS:
        allowed = "、".join(settings.FAZHI_ATTACHMENT_EXTENSIONS)
        raise ValidationError(f"不支持的文件类型“.{suffix}”。允许的类型：{allowed}")
    if file.size > settings.FAZHI_ATTACHMENT_MAX_BYTES:
        limit = settings.FAZHI_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(f"文件过大：单个附件不能超过{limit}MB")
    if file.size == 0:
        raise ValidationError("文件为空")
    attachment = Attachment(
        content_type=ContentType.objects.get_for_model(type(record)),
        object_id=record.pk,
        kind=kind,
        original_name=PurePosixPath(file.name).name[:255],
        size=file.size,
        sha256=Attachment.checksum(file),
        mime_type=(getattr(file, "content_type", "") or "")[:100],
        note=note,
        uploaded_by=user,
    )
    attachment.file.save(file.name, file, save=False)
    attachment._history_user = user
    attachment.save()
    audit_record(
        user=user,
        action=AuditAction.UPDATE,
        obj=record,
        detail=f"上传附件 {attachment.original_name}",
        request=request,
    )
    return attachment
