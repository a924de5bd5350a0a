import hashlib
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords

from .fields import BlindIndexField, EncryptedCharField
from .rawwrites import raw_writes_allowed
from .validators import validate_id_number, validate_phone


class HistoryBypassError(RuntimeError):
    """Raised when code tries to change ledger rows without writing their history."""


class LedgerQuerySet(models.QuerySet):
    """Ledger rows: scoped by `restrict`, and no writes that would skip history or delete records."""

    def restrict(self, user, action: str = "view"):
        from .policy import scope_for

        return self.filter(scope_for(user, self.model, action).q())

    def active(self):
        return self.filter(voided=False)

    def update(self, **kwargs):
        if not raw_writes_allowed.get():
            raise HistoryBypassError(
                "台账记录不能用 update() 批量修改（会绕过修改历史）：请使用 fazhi.core.history.bulk_update_records"
            )
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        if not raw_writes_allowed.get():
            raise HistoryBypassError(
                "台账记录不能直接 bulk_update：请使用 fazhi.core.history.bulk_update_records"
            )
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        if not raw_writes_allowed.get():
            raise HistoryBypassError("台账记录不能删除，只能作废")
        return super().delete()


class PartHistory(HistoricalRecords):
    """History is an append-only log read per record, newest first: the author column needs neither an
    index (nobody lists history by author) nor a database constraint (users are deactivated, never
    deleted), and each would be paid on every history row of an import or bulk generation."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("user_db_constraint", False)
        super().__init__(*args, **kwargs)

    def _get_history_user_fields(self):
        fields = super()._get_history_user_fields()
        user = fields.get("history_user")
        if isinstance(user, models.ForeignKey):
            user.db_index = False
        return fields


class LedgerHistory(PartHistory):
    """A record's history is read by its id; the copied fields' other indexes would only slow every
    write (imports and bulk generation above all)."""

    def copy_fields(self, model):
        fields = super().copy_fields(model)
        for name, field in fields.items():
            if name != model._meta.pk.name:
                field.db_index = False
        return fields


class LedgerRecord(models.Model):
    """Base of every ledger record: number, place, authorship, version, void and history."""

    number = models.CharField("编号", max_length=48, unique=True, editable=False)
    # Every ledger declares indexes that start with township ((township, date), (township, status)),
    # which serve scoping too; a single-column index would only cost writes.
    township = models.ForeignKey(
        "orgs.Organisation", verbose_name="乡镇", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    village = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="村/社区",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    group = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="村民小组",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        db_index=False,  # never looked up by author: an index would only cost writes
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        db_index=False,
    )
    # Optimistic concurrency: every save through a service increments it; a stale edit is refused.
    version = models.PositiveIntegerField("版本", default=1, editable=False)
    voided = models.BooleanField("已作废", default=False)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作废人",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_index=False,
    )

    history = LedgerHistory(inherit=True)
    objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.number or "（未编号）"


class ChildRecord(models.Model):
    """Base of a record's parts (parties, sessions, hearings): history, no number of their own."""

    # Parts' history is read by the parent's id (the record's history page), so it keeps its indexes.
    history = PartHistory(inherit=True)
    objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True


class PersonPart(ChildRecord):
    """A person named on a record (a dispute's party, a petitioner): name, 身份证号, phone and address
    encrypted at rest, with the blind indexes that exact search and import matching use."""

    PERSONAL = {"name": "name", "id_number": "id_number", "phone": "phone", "address": "address"}

    name = EncryptedCharField("姓名", max_length=64)
    name_bidx = BlindIndexField(source="name", kind="name")
    id_number = EncryptedCharField("身份证号", max_length=18, blank=True, validators=[validate_id_number])
    id_number_bidx = BlindIndexField(source="id_number", kind="id_number")
    phone = EncryptedCharField("联系电话", max_length=20, blank=True, validators=[validate_phone])
    phone_bidx = BlindIndexField(source="phone", kind="phone")
    address = EncryptedCharField("住址", max_length=200, blank=True)

    class Meta(ChildRecord.Meta):
        abstract = True


class CategoryQuerySet(models.QuerySet):
    def for_township(self, list_key: str, township):
        """The district's list plus the township's own additions, active only."""
        return self.filter(list_key=list_key, district_id=township.home_district_id, active=True).filter(
            models.Q(township__isnull=True) | models.Q(township=township)
        )


class Category(models.Model):
    """One entry of a configurable list (纠纷类型, 法律七进, …), set per district."""

    list_key = models.CharField("列表", max_length=40)
    district = models.ForeignKey(
        "orgs.Organisation", verbose_name="区", on_delete=models.PROTECT, related_name="+"
    )
    township = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="乡镇自设",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="空表示全区统一；填写时为该乡镇自行增加的类别",
    )
    code = models.CharField("代码", max_length=40)
    label = models.CharField("名称", max_length=40)
    # The default entry this one counts as (metrics count by it): a default's own code, the code of the
    # default an added entry maps to, or OTHER_KEY (其他). Empty only for entries made before keys.
    key = models.CharField("对应默认类别", max_length=40, blank=True, default="")
    sort_order = models.PositiveIntegerField("排序", default=0)
    active = models.BooleanField("启用", default=True)

    objects = CategoryQuerySet.as_manager()

    OTHER_KEY = "other"

    class Meta:
        verbose_name = "类别"
        verbose_name_plural = "类别"
        ordering = ["list_key", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["list_key", "district", "township", "code"], name="unique_category_code"
            )
        ]

    def __str__(self):
        return self.label


class NumberCounter(models.Model):
    """The last 编号 issued per township, ledger and year; numbers are never reused."""

    township = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="+")
    ledger = models.CharField(max_length=40)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["township", "ledger", "year"], name="unique_number_counter")
        ]


def attachment_path(instance, filename):
    suffix = PurePosixPath(filename).suffix.lower()
    return f"attachments/{instance.content_type.app_label}/{instance.sha256[:2]}/{instance.sha256}{suffix}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", "照片"
    SCAN = "scan", "扫描件"
    TEXT_RECORD = "text_record", "文字记录"
    AV_RECORD = "av_record", "音像记录"
    OTHER = "other", "其他"


class Attachment(models.Model):
    """A file attached to a ledger record, stored under var/ with its SHA-256."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(
        "类别", max_length=16, choices=AttachmentKind.choices, default=AttachmentKind.OTHER
    )
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    original_name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    mime_type = models.CharField("类型", max_length=100, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    voided = models.BooleanField("已作废", default=False)
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["uploaded_at"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.original_name

    @staticmethod
    def checksum(fileobj) -> str:
        digest = hashlib.sha256()
        for chunk in fileobj.chunks():
            digest.update(chunk)
        fileobj.seek(0)
        return digest.hexdigest()
