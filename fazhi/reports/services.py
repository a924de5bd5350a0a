"""Writes of the annual report: settings, saving versions, 刷新数据, approval, submission, return, publication.

Every function checks the user's role for the township itself, so that a caller cannot skip it."""

from datetime import date
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fazhi.audit.models import AuditAction
from fazhi.audit.services import audit_record
from fazhi.orgs.models import Organisation, OrgKind
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import user_scope

from . import district_report, drafting, freezing, refreshing, submission_check
from .models import Report, ReportSettings, ReportVersion, Submission, SubmissionStatus

EDITORS = (Role.TOWNSHIP_CLERK, Role.TOWNSHIP_LEADER)
APPROVERS = (Role.TOWNSHIP_LEADER,)
REVIEWERS = (Role.DISTRICT_REVIEWER,)


def _ensure(user, roles, township_id: int) -> None:
    if user_scope(user, roles).covers_whole_township(township_id):
        return
    # A district's own report: its 区级督查 draft and approve it (district_report.py).
    if set(roles) & set(EDITORS) and district_report.drafts_district(user, township_id):
        return
    raise PermissionDenied("您没有权限执行此操作")


def default_settings(township: Organisation) -> ReportSettings:
    """Unsaved settings with the usual names, for a township that has not set its own."""
    if township.kind == OrgKind.DISTRICT:
        return district_report.default_district_settings(township)
    return ReportSettings(
        township=township,
        party_committee=f"中共{township.name}委员会",
        government=f"{township.name}人民政府",
        issuer=f"{township.name}党政办公室",
    )


def settings_for(township: Organisation) -> ReportSettings:
    found = ReportSettings.objects.filter(township=township).select_related("township").first()
    return found or default_settings(township)


@transaction.atomic
def report_settings_update(*, township: Organisation, user, data: dict) -> ReportSettings:
    _ensure(user, EDITORS, township.pk)
    current = settings_for(township)
    for name, value in data.items():
        setattr(current, name, value)
    current.updated_by = user
    current.full_clean()
    current.save()
    audit_record(user=user, action=AuditAction.UPDATE, obj=current, detail="修改年度报告设置")
    return current


def check_year(year: int) -> None:
    this_year = timezone.localdate().year
    if year < 2000 or year > this_year:
        raise ValidationError(f"报告年度应在2000年至{this_year}年之间")


@transaction.atomic
def report_start(*, township: Organisation, year: int, user) -> Report:
    """The report of a township-year with its first draft (version 1); an existing report is returned."""
    _ensure(user, EDITORS, township.pk)
    check_year(year)
    report, created = Report.objects.get_or_create(township=township, year=year)
    if created or not report.versions.exists():
        body = drafting.build_body(township, year)
        ReportVersion.objects.create(report=report, number=1, body=body, author=user, note="系统生成初稿")
        audit_record(user=user, action=AuditAction.CREATE, obj=report, detail=f"生成{year}年度报告初稿")
    return report


def latest_version(report: Report) -> ReportVersion:
    return report.versions.select_related("author", "approved_by").order_by("-number").first()


def unsaved_version(organisation, year: int) -> SimpleNamespace:
    """A draft built from the records now, shaped like a version but never saved (nothing drafted yet)."""
    return SimpleNamespace(
        body=drafting.build_body(organisation, year),
        approved=False,
        approved_at=None,
        created_at=timezone.now(),
        number=0,
        dated_on=None,
        signer="",
    )


def _new_version(report: Report, body: dict, user, note: str) -> ReportVersion:
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ReportVersion.objects.create(report=report, number=number, body=body, author=user, note=note)


@transaction.atomic
def draft_save(
    *,
    report: Report,
    user,
    base_number: int,
    headings: dict[int, str],
    texts: dict[tuple[int, int], str],
    typed: dict[str, str],
    added: dict[int, str] | None = None,
    styles: dict[str, str] | None = None,
) -> ReportVersion:
    """Save the edited draft as a new version. Headings and paragraphs are addressed by position in the
    version the user opened (`base_number`); a stale base is refused so that nobody's edit is lost."""
    _ensure(user, EDITORS, report.township_id)
    Report.objects.select_for_update().filter(pk=report.pk).first()
    base = latest_version(report)
    if base.number != base_number:
        raise ValidationError(f"草稿已被他人保存为第{base.number}版，请重新打开后再修改")
    body = base.body
    figures = {fid: dict(fig) for fid, fig in body.get("figures", {}).items()}
    sections = []
    used: set[str] = set()
    for i, section in enumerate(body["sections"]):
        heading = headings.get(i, section["heading"]).strip()
        if section["level"] and not heading:
            raise ValidationError(f"第{i + 1}个标题不能为空")
        paras = []
        for j, para in enumerate(section["paragraphs"]):
            text = texts.get((i, j), para["text"]).replace("\r\n", "\n").strip()
            if not text:
                continue  # an emptied paragraph is removed
            _check_placeholders(text, figures)
            used.update(drafting.PLACEHOLDER.findall(text))
            paras.append({**para, "text": text, "edited": para.get("edited") or text != para["text"]})
        extra = (added or {}).get(i, "").strip()
        if extra:
            _check_placeholders(extra, figures)
            used.update(drafting.PLACEHOLDER.findall(extra))
            key = f"manual-{base.number}-{i}"
            paras.append({"key": key, "text": extra, "edited": True})
        sections.append({**section, "heading": heading, "paragraphs": paras})
    restyled = set()
    for fid, style in (styles or {}).items():
        if fid not in figures:
            raise ValidationError(f"没有数据项{fid}")
        if style and style != figures[fid]["style"]:
            before = figures[fid]
            try:
                figures[fid] = drafting.restyle(before, style)
            except ValueError:
                raise ValidationError(f"“{before['label']}”不能使用这种显示方式") from None
            if before.get("forms"):
                _swap_form(sections, before, style)
                used.update(drafting.PLACEHOLDER.findall(before["forms"][style]))
            restyled.add(fid)
    if restyled:
        # A paragraph whose figure style was chosen by hand is an edited paragraph: 刷新数据 keeps it.
        for section in sections:
            for para in section["paragraphs"]:
                if restyled & set(drafting.PLACEHOLDER.findall(para["text"])):
                    para["edited"] = True
    for fid, value in typed.items():
        if fid not in figures:
            raise ValidationError(f"没有数据项{fid}")
        value = value.strip()
        figures[fid]["typed"] = value if value and value != figures[fid]["text"] else None
    # A figure a word form of a used rate still names is kept, so that the form can be chosen again.
    for fid in list(used):
        for form in figures.get(fid, {}).get("forms", {}).values():
            used.update(drafting.PLACEHOLDER.findall(form))
    figures = {fid: fig for fid, fig in figures.items() if fid in used}
    version = _new_version(report, {**body, "sections": sections, "figures": figures}, user, "修改草稿")
    audit_record(user=user, action=AuditAction.UPDATE, obj=report, detail=f"保存第{version.number}版")
    return version


def _swap_form(sections: list[dict], fig: dict, style: str) -> None:
    """Put the rate's sentence in `style` where the paragraph says it in the current style."""
    old, new = fig["forms"].get(fig["style"]), fig["forms"][style]
    for section in sections:
        for para in section["paragraphs"]:
            if old and old in para["text"]:
                para["text"] = para["text"].replace(old, new, 1)
                return
    raise ValidationError(f"“{fig['label']}”所在的句子已手工修改，不能再改换说法；请直接修改文字")


def _check_placeholders(text: str, figures: dict) -> None:
    for fid in drafting.PLACEHOLDER.findall(text):
        if fid not in figures:
            raise ValidationError(f"段落中的“{{{fid}}}”没有对应的数据，请删除或改回原有的数据标记")


@transaction.atomic
def draft_refresh(*, report: Report, user) -> tuple[ReportVersion, list[dict]]:
    """刷新数据: a new version whose untouched figures follow the records; returns what changed."""
    _ensure(user, EDITORS, report.township_id)
    base = latest_version(report)
    body, changes = refreshing.refresh_body(base.body, report.township)
    version = _new_version(report, body, user, f"刷新数据（{len(changes)}处变化）")
    audit_record(user=user, action=AuditAction.UPDATE, obj=report, detail=f"刷新数据，第{version.number}版")
    return version, changes


@transaction.atomic
def version_approve(
    *, version: ReportVersion, user, dated_on: date | None = None, signer: str | None = None
) -> ReportVersion:
    """The leader approves the latest version: each figure's value and record ids are frozen.

    `dated_on` is the 成文日期 (default: today); `signer` the 签发人 a report sent up must name
    (default: the settings' 签发人, else the approving leader)."""
    report = version.report
    _ensure(user, APPROVERS, report.township_id)
    today = timezone.localdate()
    dated_on = dated_on or today
    if dated_on > today:
        raise ValidationError("成文日期不能晚于今天")
    if dated_on.year < report.year:
        raise ValidationError(f"成文日期不能早于{report.year}年")
    signer = (signer or "").strip() or settings_for(report.township).signer or user.display_name
    if len(signer) > 32:
        raise ValidationError("签发人不能超过32个字")
    version = ReportVersion.objects.select_for_update().get(pk=version.pk)
    if version.approved:
        raise ValidationError(
            f"第{version.number}版已于{timezone.localtime(version.approved_at):%Y-%m-%d}审批"
        )
    if latest_version(report).number != version.number:
        raise ValidationError("只能审批最新版本，请打开最新草稿")
    stale = refreshing.stale_figures(version.body, report.township)
    if stale:
        names = "、".join(c["label"] for c in stale[:5])
        raise ValidationError(f"台账数据已有变化（{names}），请先“刷新数据”再审批")
    version.frozen = freezing.freeze(version.body, report.township)
    version.approved_at = timezone.now()
    version.approved_by = user
    version.dated_on = dated_on
    version.signer = signer
    version.save(update_fields=["frozen", "approved_at", "approved_by", "dated_on", "signer"])
    audit_record(user=user, action=AuditAction.TRANSITION, obj=report, detail=f"审批第{version.number}版")
    return version


def latest_approved(report: Report) -> ReportVersion | None:
    return report.versions.filter(approved_at__isnull=False).order_by("-number").first()


@transaction.atomic
def report_submit(*, report: Report, user) -> Submission:
    """Send the latest approved version to the district."""
    _ensure(user, APPROVERS, report.township_id)
    if report.township.kind != OrgKind.TOWNSHIP:
        raise ValidationError("区级年度报告报送市委、市政府，不在本平台报送")
    Report.objects.select_for_update().filter(pk=report.pk).first()
    version = latest_approved(report)
    if version is None:
        raise ValidationError("报告尚未审批，审批后才能报送")
    if report.submissions.filter(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED]).exists():
        raise ValidationError("报告已报送，区级退回后才能重新报送")
    submission = Submission.objects.create(
        report=report,
        version=version,
        submitted_at=timezone.now(),
        submitted_by=user,
    )
    # Checked in the background worker; the result is attached to the submission when it ends.
    submission_check.queue_check(submission)
    audit_record(user=user, action=AuditAction.TRANSITION, obj=report, detail=f"报送第{version.number}版")
    return submission


@transaction.atomic
def submission_return(*, submission: Submission, user, comments: str) -> Submission:
    """The district returns a submission with comments; the township revises and submits again."""
    _ensure(user, REVIEWERS, submission.report.township_id)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError("只能退回待审核的报送")
    if not comments.strip():
        raise ValidationError("请填写退回意见")
    submission.status = SubmissionStatus.RETURNED
    submission.returned_at = timezone.now()
    submission.returned_by = user
    submission.comments = comments.strip()
    submission.save(update_fields=["status", "returned_at", "returned_by", "comments"])
    audit_record(user=user, action=AuditAction.TRANSITION, obj=submission.report, detail="退回报告")
    return submission


@transaction.atomic
def submission_accept(*, submission: Submission, user) -> Submission:
    _ensure(user, REVIEWERS, submission.report.township_id)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status != SubmissionStatus.SUBMITTED:
        raise ValidationError("只能接收待审核的报送")
    submission.status = SubmissionStatus.ACCEPTED
    submission.accepted_at = timezone.now()
    submission.accepted_by = user
    submission.save(update_fields=["status", "accepted_at", "accepted_by"])
    # The accepted version joins the report check's archive of filed reports, with its check.
    submission_check.archive_accepted(submission, user)
    audit_record(user=user, action=AuditAction.TRANSITION, obj=submission.report, detail="接收报告")
    return submission


@transaction.atomic
def report_publish(*, report: Report, user, published_on: date, address: str) -> Report:
    """Record where and when the approved report was made public (due 1 April)."""
    _ensure(user, EDITORS, report.township_id)
    if latest_approved(report) is None:
        raise ValidationError("报告审批后才能登记公开情况")
    if published_on > timezone.localdate():
        raise ValidationError("公开日期不能晚于今天")
    if not address.strip():
        raise ValidationError("请填写公开地址（网址或报刊名称）")
    report.published_on = published_on
    report.published_at = address.strip()
    report.save(update_fields=["published_on", "published_at"])
    audit_record(user=user, action=AuditAction.UPDATE, obj=report, detail="登记公开情况")
    return report


def submission_summary(report: Report) -> dict:
    """Submission date and on-time judged by the first submission (due 1 March of the next year)."""
    subs = list(report.submissions.order_by("submitted_at"))
    if not subs:
        return {"first": None, "latest": None, "on_time": None, "count": 0}
    first_day = timezone.localtime(subs[0].submitted_at).date()
    return {
        "first": subs[0],
        "first_date": first_day,
        "latest": subs[-1],
        "on_time": first_day <= report.submission_due,
        "count": len(subs),
    }
