import hashlib
import secrets
from datetime import date, timedelta

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from fazhi.securitypolicy.policy import current

from .roles import ROLE_ORG_KINDS, Role


class OrgKind(models.TextChoices):
    DISTRICT = "district", "区"
    TOWNSHIP = "township", "乡镇/街道"
    VILLAGE = "village", "村/社区"
    GROUP = "group", "村民小组"


PARENT_KIND = {
    OrgKind.TOWNSHIP: OrgKind.DISTRICT,
    OrgKind.VILLAGE: OrgKind.TOWNSHIP,
    OrgKind.GROUP: OrgKind.VILLAGE,
}


class OrganisationQuerySet(models.QuerySet):
    def current(self, on: date | None = None):
        on = on or timezone.localdate()
        return self.filter(valid_from__lte=on).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
        )

    def townships(self):
        return self.filter(kind=OrgKind.TOWNSHIP)

    def villages(self):
        return self.filter(kind=OrgKind.VILLAGE)


class Organisation(models.Model):
    """A node of the tree 区 → 乡镇 → 村居 → 组, valid over a date range."""

    kind = models.CharField("类型", max_length=16, choices=OrgKind.choices)
    name = models.CharField("名称", max_length=64)
    short_name = models.CharField("简称", max_length=16, blank=True, help_text="用于编号，如“青山”")
    code = models.CharField("区划代码", max_length=20, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Denormalised for scoping queries: the township (or district) this node sits under.
    township = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    district = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    valid_from = models.DateField("启用日期", default=date(2000, 1, 1))
    valid_to = models.DateField(
        "停用日期", null=True, blank=True, help_text="撤并、更名后停用；旧记录仍保留原组织"
    )
    successor = models.ForeignKey(
        "self",
        verbose_name="并入/更名为",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["sort_order", "code"]
        indexes = [models.Index(fields=["kind", "parent"]), models.Index(fields=["township", "kind"])]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    @property
    def home_district_id(self) -> int | None:
        """The district whose lists (categories) apply here; a district is its own (its 区本级 records)."""
        return self.pk if self.kind == OrgKind.DISTRICT else self.district_id

    def clean(self):
        expected = PARENT_KIND.get(self.kind)
        if expected is None and self.parent_id:
            raise ValidationError({"parent": "区是最上级组织，不能有上级"})
        if expected and (self.parent is None or self.parent.kind != expected):
            raise ValidationError(
                {"parent": f"{self.get_kind_display()}的上级必须是{OrgKind(expected).label}"}
            )
        if self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "停用日期不能早于启用日期"})

    def save(self, *args, **kwargs):
        self.township_id, self.district_id = self._ancestors()
        super().save(*args, **kwargs)

    def _ancestors(self) -> tuple[int | None, int | None]:
        node, township, district = self, None, None
        while node is not None:
            if node.kind == OrgKind.TOWNSHIP:
                township = node.pk
            if node.kind == OrgKind.DISTRICT:
                district = node.pk
            node = node.parent
        return township, district


class User(AbstractUser):
    """A person who signs in; what they may see and do comes from their role assignments."""

    full_name = models.CharField("姓名", max_length=32, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    # Set when an administrator chooses the password: its owner must replace it at the next sign-in.
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """One role of a user, scoped to one organisation."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name="用户"
    )
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, verbose_name="所属组织")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "organisation"], name="unique_role_assignment")
        ]

    def __str__(self):
        return f"{self.get_role_display()}（{self.organisation}）"

    def clean(self):
        kinds = ROLE_ORG_KINDS.get(Role(self.role), set()) if self.role else set()
        if self.organisation_id and self.organisation.kind not in kinds:
            allowed = "、".join(OrgKind(k).label for k in sorted(kinds))
            raise ValidationError({"organisation": f"“{Role(self.role).label}”只能分配到：{allowed}"})


class RoleChangeKind(models.TextChoices):
    GRANT = "grant", "授予"
    REVOKE = "revoke", "撤销"


class RoleChange(models.Model):
    """One grant or removal of a role: the permanent history of who gave whom which role."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    kind = models.CharField("变更", max_length=8, choices=RoleChangeKind.choices)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="role_changes_made", verbose_name="操作人"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_changes", verbose_name="用户")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, verbose_name="所属组织")

    class Meta:
        verbose_name = "角色变更记录"
        verbose_name_plural = "角色变更记录"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.user} {self.get_role_display()}（{self.organisation}）"


class PasswordHistory(models.Model):
    """A former password hash of a user, so that the last few are not chosen again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-created_at", "-pk"]


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class TokenScope(models.TextChoices):
    READ = "read", "只读"
    WRITE = "write", "读写"


class ApiToken(models.Model):
    """A personal API token; only its hash is stored, the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("名称", max_length=64)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    scope = models.CharField("权限", max_length=8, choices=TokenScope.choices, default=TokenScope.READ)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API令牌"
        verbose_name_plural = "API令牌"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, user: User, name: str, *, scope: str = TokenScope.WRITE, days: int | None = None
    ) -> tuple["ApiToken", str]:

        raw = "fz_" + secrets.token_urlsafe(32)
        days = current().token_days if days is None else days
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=raw[:10],
            key_hash=_hash_token(raw),
            scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, raw

    @classmethod
    def lookup(cls, raw: str) -> "ApiToken | None":
        """The live token of an active user for a raw value, or None; notes when it was last used."""
        token = cls.objects.active().select_related("user").filter(key_hash=_hash_token(raw)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token

    @classmethod
    def authenticate(cls, raw: str) -> User | None:
        token = cls.lookup(raw)
        return token.user if token else None
