"""到期提醒, the clock actions (pause, resume, extend) and the 系统管理 pages of calendar and rules."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from fazhi.core import ledgers
from fazhi.core.policy import READERS, ensure_can
from fazhi.orgs.models import Organisation
from fazhi.orgs.roles import Role
from fazhi.orgs.scoping import has_role, user_scope

from . import services
from .calendar import PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR
from .display import SOON_WORKDAYS
from .forms import ExtendForm, OverrideForm, PauseForm, ResumeForm, RuleForm
from .models import CalendarOverride, Clock, ClockRule
from .selectors import MAX_WITHIN, due_soon, may_see_reminders

# -- 到期提醒 ---------------------------------------------------------------------------------------


def parse_filters(user, params) -> dict:
    """within / township / village from a query string; Http404 for an organisation out of scope,
    ValueError (Chinese message) for a malformed value."""
    out = {"within": SOON_WORKDAYS, "township_id": None, "village_id": None}
    raw = (params.get("within") or "").strip()
    if raw:
        if not raw.isdigit() or int(raw) > MAX_WITHIN:
            raise ValueError(f"提醒范围应为0至{MAX_WITHIN}之间的整数（工作日）")
        out["within"] = int(raw)
    scope = user_scope(user, READERS)
    for name, key in (("township", "township_id"), ("village", "village_id")):
        raw = (params.get(name) or "").strip()
        if not raw:
            continue
        if not raw.isdigit():
            raise Http404("没有这个组织")
        org = Organisation.objects.filter(pk=int(raw)).only("pk", "township_id", "kind").first()
        if org is None:
            raise Http404("没有这个组织")
        visible = scope.covers(org.township_id or org.pk, org.pk if name == "village" else None)
        if not visible:
            raise Http404("没有这个组织")
        out[key] = org.pk
    return out


def _township_choices(user):
    scope = user_scope(user, READERS)
    ids = set(scope.townships) | set(scope.own)  # the district itself: its own records' time limits
    ids |= set(Organisation.objects.filter(pk__in=scope.villages).values_list("township_id", flat=True))
    return Organisation.objects.filter(pk__in=ids).order_by("code")


def reminders(request):
    if not may_see_reminders(request.user):
        raise Http404("没有这个页面")
    try:
        filters = parse_filters(request.user, request.GET)
    except ValueError as exc:
        messages.error(request, str(exc))
        filters = parse_filters(request.user, {})
    items = due_soon(request.user, **filters)
    scope = user_scope(request.user, READERS)
    villages = Organisation.objects.filter(kind="village")
    if filters["township_id"]:
        villages = villages.filter(parent_id=filters["township_id"])
    if not scope.townships:
        villages = villages.filter(pk__in=scope.villages)
    else:
        villages = villages.filter(township_id__in=scope.townships) | villages.filter(pk__in=scope.villages)
    context = {
        "items": items,
        "filters": filters,
        "townships": _township_choices(request.user),
        "villages": villages.order_by("code"),
        "overdue": sum(1 for v in items if v.state == "overdue"),
        "soon": sum(1 for v in items if v.state != "overdue"),
    }
    return render(request, "deadlines/reminders.html", context)


# -- clock actions ----------------------------------------------------------------------------------


def _clock_and_record(request, pk):
    """The clock if the user may see its record (404 otherwise) and change it (403 otherwise)."""
    clock = get_object_or_404(Clock, pk=pk)
    spec = ledgers.get(clock.ledger)
    if spec is None:
        raise Http404("没有这个时限")
    record = get_object_or_404(spec.model.objects.restrict(request.user, "view"), pk=clock.object_id)
    ensure_can(request.user, spec, "change", record)
    return clock, spec, record


def _clock_page(request, pk, form_class, title, action):
    clock, spec, record = _clock_and_record(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(clock, form.cleaned_data)
            messages.success(request, f"{record.number}：{clock.label}已{title}")
            return redirect("ledger-detail", ledger=spec.key, pk=record.pk)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                form.add_error(None, exc.messages)
    return render(
        request,
        "deadlines/clock_form.html",
        {"form": form, "clock": clock, "record": record, "spec": spec, "title": title},
    )


def clock_pause(request, pk):
    return _clock_page(
        request,
        pk,
        PauseForm,
        "暂停计算",
        lambda clock, d: services.clock_pause(
            clock=clock, user=request.user, from_on=d["from_on"], reason=d["reason"], request=request
        ),
    )


def clock_resume(request, pk):
    return _clock_page(
        request,
        pk,
        ResumeForm,
        "恢复计算",
        lambda clock, d: services.clock_resume(
            clock=clock, user=request.user, resumed_on=d["resumed_on"], request=request
        ),
    )


def clock_extend(request, pk):
    return _clock_page(
        request,
        pk,
        ExtendForm,
        "延长",
        lambda clock, d: services.clock_extend(
            clock=clock,
            user=request.user,
            days=d["days"],
            approver=d["approver"],
            reason=d["reason"],
            approved_on=d["approved_on"],
            request=request,
        ),
    )


# -- 系统管理 ---------------------------------------------------------------------------------------


def _require_sysadmin(request):
    if not has_role(request.user, Role.SYSADMIN):
        raise PermissionDenied("您没有权限访问此页面")


def _known_years(overrides) -> list[tuple[int, str]]:
    years = {y: "内置日历" for y in range(PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR + 1)}
    for o in overrides:
        if o.kind == "holiday" and o.date.year not in years:
            years[o.date.year] = "管理员录入"
    return sorted(years.items())[-6:]


def calendar_admin(request):
    _require_sysadmin(request)
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            _, result = services.calendar_override_save(
                user=request.user,
                date=d["date"],
                kind=d["kind"],
                name=d["name"],
                note=d["note"],
                request=request,
            )
            messages.success(request, f"已保存{d['date']:%Y-%m-%d}的节假日调整。{result.message}")
            return redirect("calendar-admin")
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
    overrides = list(CalendarOverride.objects.select_related("updated_by"))
    return render(
        request,
        "deadlines/calendar_admin.html",
        {
            "form": form,
            "overrides": overrides,
            "known_years": _known_years(overrides),
            "package_last_year": PACKAGE_LAST_YEAR,
        },
    )


@require_POST
def calendar_override_delete(request, pk):
    _require_sysadmin(request)
    override = get_object_or_404(CalendarOverride, pk=pk)
    day = override.date
    result = services.calendar_override_delete(user=request.user, override=override, request=request)
    messages.success(request, f"已删除{day:%Y-%m-%d}的节假日调整。{result.message}")
    return redirect("calendar-admin")


def rules_admin(request):
    _require_sysadmin(request)
    return render(request, "deadlines/rules_admin.html", {"rules": ClockRule.objects.all()})


def rule_edit(request, pk):
    _require_sysadmin(request)
    rule = get_object_or_404(ClockRule, pk=pk)
    form = RuleForm(request.POST or None, instance=ClockRule.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            _, result = services.clock_rule_update(user=request.user, rule=rule, data=data, request=request)
            messages.success(request, f"已保存时限规则“{rule.label}”。{result.message}")
            return redirect("rules-admin")
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errs)
    return render(request, "deadlines/rule_edit.html", {"form": form, "rule": rule})
