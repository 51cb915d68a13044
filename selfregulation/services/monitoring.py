"""Market monitoring: monthly returns (portal, spreadsheet, API), their obligations, the monthly analysis."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from association.audit import acting
from association.choices import AWAITING_MEMBER, ObligationKind, ObligationStatus, OrganisationKind, ReviewOutcome
from association.deadlines import BEIJING, workday_end_time
from association.importing import ImportFileError, ImportReport, RowProblem, read_dataset
from association.models import Notice, Obligation, Organisation, Submission
from association.resources import FlexibleDateWidget
from association.services.notices import notice_issue
from association.services.obligations import obligation_create
from selfregulation.choices import Indicator, LineOfBusiness, ReturnSource
from selfregulation.models import AnomalyRule, MonitoringReport, MonitoringWarning, MonthlyReturn
from selfregulation.rules import (
    RETURN_FIELDS,
    RuleSpec,
    detect_anomalies,
    industry_summary,
    previous_month,
    return_due_date,
    return_problems,
)

PROBLEM_TEXT = {
    "required": lambda: _("This field is required."),
    "negative": lambda: _("Must not be negative."),
    "range": lambda: _("The ratio is out of range (expense ratio 0–100 %, cost ratio 0–300 %)."),
}


def due_working_day() -> int:
    return int(getattr(settings, "SELFREGULATION", {}).get("RETURN_DUE_WORKING_DAY", 10))


def revision_months() -> int:
    """How many past months the daily analysis looks at for returns that arrived after their analysis."""
    return int(getattr(settings, "SELFREGULATION", {}).get("ANALYSIS_REVISION_MONTHS", 3))


def returns_due_at(period: dt.date) -> dt.datetime:
    """When a month's returns are due: the end of the set working day of the next month (Beijing time)."""
    due = return_due_date(period.replace(day=1), due_working_day())
    return dt.datetime.combine(due, workday_end_time(), tzinfo=BEIJING)


def reporting_companies():
    """Who reports auto-insurance figures: member property insurers at provincial level."""
    return Organisation.objects.filter(
        kind=OrganisationKind.PROPERTY_INSURER, tier="provincial", membership_status="member", is_active=True
    )


def _obligation_key(organisation_id: int, line: str, period: dt.date) -> str:
    return f"sr-return:{line}:{period:%Y-%m}:{organisation_id}"


def returns_open(*, period: dt.date, line: str = LineOfBusiness.AUTO) -> int:
    """Each reporting company owes the month's figures by the set working day of the next month (idempotent)."""
    period = period.replace(day=1)
    due_at = returns_due_at(period)
    url = reverse("selfregulation-returns")
    n = 0
    for org in reporting_companies():
        obligation_create(
            organisation=org,
            kind=ObligationKind.DATA_RETURN,
            title=_("Monthly market figures %(month)s (%(line)s)")
            % {"month": f"{period:%Y-%m}", "line": LineOfBusiness(line).label},
            description=_("Submit them on the market-monitoring page %(url)s, by spreadsheet or through the API.")
            % {"url": url},
            due_at=due_at,
            dedupe_key=_obligation_key(org.pk, line, period),
        )
        n += 1
    return n


def _clean_figures(figures: dict) -> dict:
    cleaned, errors = {}, {}
    for name in RETURN_FIELDS:
        raw = figures.get(name)
        if raw is None or str(raw).strip() == "":
            cleaned[name] = None
            continue
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
        except InvalidOperation:
            errors[name] = _("Enter a number.")
            continue
        if not value.is_finite():  # NaN, sNaN, Infinity
            errors[name] = _("Enter a number.")
            continue
        if name == "policies" and value != value.to_integral_value():
            errors[name] = _("Enter a whole number.")
            continue
        cleaned[name] = int(value) if name == "policies" else value
    problems = return_problems({k: v for k, v in cleaned.items() if k not in errors})
    for name, key in problems.items():
        errors.setdefault(name, PROBLEM_TEXT[key]())
    if errors:
        raise ValidationError(errors)
    return cleaned


@acting
@transaction.atomic
def return_submit(
    *,
    organisation: Organisation,
    period: dt.date,
    figures: dict,
    actor,
    source: str = ReturnSource.PORTAL,
    line: str = LineOfBusiness.AUTO,
) -> MonthlyReturn:
    """Store a company's figures for a month; a second submission is a correction that replaces the first
    (kept, pointing to its replacement). Fulfils the month's data-return obligation."""
    if not actor.may_act_for(organisation.pk):
        raise PermissionDenied(_("You may not submit figures for this company."))
    if period.day != 1:
        period = period.replace(day=1)
    if period >= timezone.localdate().replace(day=1):
        raise ValidationError({"period": _("Figures can only be submitted for a month that has ended.")})
    cleaned = _clean_figures(figures)
    previous = (
        MonthlyReturn.objects.select_for_update()
        .filter(organisation=organisation, line=line, period=period, replaced_by__isnull=True)
        .first()
    )
    new = MonthlyReturn(
        organisation=organisation, line=line, period=period, source=source, submitted_by=actor, **cleaned
    )
    new.full_clean(validate_constraints=False)
    if previous is not None:
        # the partial unique index allows one current row: set the old one aside (pointing to itself),
        # insert the correction, then point the old row to it
        MonthlyReturn.objects.filter(pk=previous.pk).update(replaced_by_id=previous.pk)
        new.save()
        MonthlyReturn.objects.filter(pk=previous.pk).update(replaced_by=new)
    else:
        new.save()
    _fulfil_obligation(organisation=organisation, line=line, period=period, actor=actor, ret=new)
    return new


def _fulfil_obligation(*, organisation, line, period, actor, ret: MonthlyReturn) -> None:
    """A valid return needs no review: the month's obligation is recorded as submitted and accepted."""
    obligation = Obligation.objects.filter(dedupe_key=_obligation_key(organisation.pk, line, period)).first()
    if obligation is None or obligation.status not in AWAITING_MEMBER:
        return
    now = timezone.now()
    Submission.objects.create(
        obligation=obligation,
        version=obligation.submissions.count() + 1,
        text=_("Monthly figures submitted (%(source)s).") % {"source": ret.get_source_display()},
        data={k: str(getattr(ret, k)) for k in RETURN_FIELDS},
        submitted_by=actor,
        submitted_at=now,
        outcome=ReviewOutcome.ACCEPTED,
        reviewed_at=now,
        review_comment=_("Validated automatically."),
    )
    obligation.status, obligation.submitted_at, obligation.accepted_at = ObligationStatus.ACCEPTED, now, now
    obligation.first_submitted_at = obligation.first_submitted_at or now  # its timeliness is judged by it
    obligation.save(update_fields=["status", "submitted_at", "first_submitted_at", "accepted_at"])


UPLOAD_COLUMNS = ("credit_code", "month", *RETURN_FIELDS)


MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%Y.%m", "%Y年%m月", "%Y%m")


def _parse_month(value) -> dt.date:
    """2026-04, 2026/4, 2026年4月, 202604, or any date of the month (2026-04-01, 2026年4月1日, an Excel date)."""
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = str(value or "").strip()
    for fmt in MONTH_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    try:
        return FlexibleDateWidget().clean(text).replace(day=1)
    except (ValueError, AttributeError):
        raise ValidationError(_("Enter the month as YYYY-MM.")) from None


@acting
def returns_import(
    *, data: bytes, filename: str, actor, source: str = ReturnSource.UPLOAD
) -> tuple[ImportReport, list[MonthlyReturn]]:
    """A spreadsheet of returns (columns credit_code, month, figures), all or nothing: every bad row is
    reported with its line in the file and its column, and nothing is kept when any row is bad. A company
    and month given twice in one file is an error on the later line. A file that cannot be read raises
    ImportFileError."""
    dataset = read_dataset(data, filename)
    lines = list(getattr(dataset, "source_lines", None) or range(2, len(dataset) + 2))
    report = ImportReport(total=len(dataset))
    headers = [str(h or "").strip() for h in dataset.headers or []]
    missing = [c for c in UPLOAD_COLUMNS if c not in headers]
    if missing:
        report.problems = [RowProblem(1, c, _("required column is missing")) for c in missing]
        return report, []
    codes = [str(c or "").strip().upper() for c in dataset["credit_code"]]
    orgs = {o.credit_code: o for o in Organisation.objects.filter(credit_code__in=codes)}
    saved: list[MonthlyReturn] = []
    seen: dict[tuple, int] = {}
    with transaction.atomic():
        for line, code, row in zip(lines, codes, dataset.dict, strict=True):
            values = {h: row.get(h) for h in headers}
            org = orgs.get(code)
            if org is None:
                report.problems.append(RowProblem(line, "credit_code", _("no organisation with this code")))
                continue
            try:
                month = _parse_month(values["month"])
            except ValidationError as exc:
                report.problems.append(RowProblem(line, "month", " ".join(exc.messages)))
                continue
            if (org.pk, month) in seen:
                message = _("duplicate of line %(line)d in the same file") % {"line": seen[(org.pk, month)]}
                report.problems.append(RowProblem(line, "credit_code", message))
                continue
            seen[(org.pk, month)] = line
            try:
                with transaction.atomic():
                    saved.append(
                        return_submit(organisation=org, period=month, figures=values, actor=actor, source=source)
                    )
            except ValidationError as exc:
                details = exc.message_dict.items() if hasattr(exc, "error_dict") else [("—", exc.messages)]
                report.problems += [RowProblem(line, column, " ".join(texts)) for column, texts in details]
            except PermissionDenied as exc:
                report.problems.append(RowProblem(line, "credit_code", str(exc)))
        if report.problems:
            transaction.set_rollback(True)
            saved = []
        else:
            report.committed, report.new = True, len(saved)
    report.problems.sort(key=lambda p: (p.line or 0, p.column))
    return report, saved


@acting
def returns_upload(*, data: bytes, filename: str, actor, source: str = ReturnSource.UPLOAD) -> list[MonthlyReturn]:
    """``returns_import`` for the portal and API: any problem (the file, or rows) is one ValidationError
    listing every problem with its line and column."""
    try:
        report, saved = returns_import(data=data, filename=filename, actor=actor, source=source)
    except ImportFileError as exc:
        raise ValidationError(str(exc)) from None
    if report.problems:
        raise ValidationError([str(problem) for problem in report.problems])
    return saved


def _figures(period: dt.date, line: str) -> dict[int, dict]:
    rows = MonthlyReturn.objects.current().filter(period=period, line=line).values("organisation_id", *RETURN_FIELDS)
    return {r.pop("organisation_id"): r for r in rows}


def _returns_analysed(period: dt.date, line: str) -> dict:
    """The returns an analysis of ``period`` is computed from: the month's current ones and the previous
    month's (the month-over-month rules)."""
    current = MonthlyReturn.objects.current().filter(line=line)
    return {
        "current": sorted(current.filter(period=period).values_list("pk", flat=True)),
        "previous": sorted(current.filter(period=previous_month(period)).values_list("pk", flat=True)),
    }


@transaction.atomic
def monitoring_analyse(
    *, period: dt.date, line: str = LineOfBusiness.AUTO, notify: bool = True, now: dt.datetime | None = None
) -> MonitoringReport:
    """Industry totals and averages for the month, each company against them, warnings by the anomaly rules.

    A month is analysed only once its returns are due (``returns_due_at`` has passed). The first analysis is
    version 1; a later run makes a new version when the returns it is computed from have changed since (a late
    return, a correction, a late return of the previous month), and otherwise returns the latest version as it
    is. Earlier versions are kept. A warning is noticed to the company once per month, whatever the version.
    """
    period = period.replace(day=1)
    now = now or timezone.now()
    due_at = returns_due_at(period)
    if now <= due_at:
        raise ValidationError(
            _("The returns for %(month)s are due %(due)s; the month is analysed after that.")
            % {"month": f"{period:%Y-%m}", "due": timezone.localtime(due_at).strftime("%Y-%m-%d %H:%M")}
        )
    with connection.cursor() as cursor:  # one analysis of a month at a time: versions are numbered in turn
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"monitoring-analyse:{line}:{period:%Y-%m}"])
    analysed = _returns_analysed(period, line)
    latest = MonitoringReport.objects.filter(line=line, period=period).order_by("-version").first()
    if latest is not None and latest.returns == analysed:
        return latest
    current, previous = _figures(period, line), _figures(previous_month(period), line)
    rules = list(AnomalyRule.objects.filter(line=line, is_active=True))
    specs = [RuleSpec(id=r.pk, indicator=r.indicator, kind=r.kind, threshold=r.threshold) for r in rules]
    anomalies = detect_anomalies(specs, current, previous)
    summary = industry_summary(current)
    names = dict(Organisation.objects.filter(pk__in=current).values_list("pk", "name"))
    by_rule = {r.pk: r for r in rules}
    warned = {}
    for a in anomalies:
        warned.setdefault(a.organisation_id, []).append(
            _("%(indicator)s %(value)s vs %(reference)s (%(deviation)s)")
            % {
                "indicator": Indicator(by_rule[a.rule_id].indicator).label,
                "value": a.value,
                "reference": a.reference,
                "deviation": a.deviation,
            }
        )
    companies = [
        {
            "organisation": org_id,
            "name": names.get(org_id, str(org_id)),
            **{k: str(v) for k, v in f.items()},
            "premium_share": str(
                (Decimal(f["written_premium"]) * 100 / summary["written_premium"]).quantize(Decimal("0.01"))
            )
            if summary.get("written_premium")
            else "0",
            # percentage points above (+) or below (−) the industry's premium-weighted ratio
            "expense_vs_industry": _points(f["combined_expense_ratio"], summary.get("combined_expense_ratio_weighted")),
            "cost_vs_industry": _points(f["combined_cost_ratio"], summary.get("combined_cost_ratio_weighted")),
            "warnings": warned.get(org_id, []),
        }
        for org_id, f in sorted(current.items(), key=lambda kv: -Decimal(kv[1]["written_premium"]))
    ]
    data = {"summary": {k: str(v) for k, v in summary.items()}, "companies": companies}
    report = MonitoringReport.objects.create(
        line=line,
        period=period,
        version=latest.version + 1 if latest is not None else 1,
        data=data,
        returns=analysed,
        generated_at=now,
    )
    # what earlier versions of the month already told a company (its notice) is not told again
    noticed = {
        (w.organisation_id, w.rule_id): w.notice_id
        for w in MonitoringWarning.objects.filter(report__line=line, report__period=period, notice__isnull=False)
    }
    for a in anomalies:
        warning = MonitoringWarning.objects.create(
            report=report,
            organisation_id=a.organisation_id,
            rule_id=a.rule_id,
            value=a.value,
            reference=a.reference,
            deviation=a.deviation,
            notice_id=noticed.get((a.organisation_id, a.rule_id)),
        )
        if warning.notice_id is None and notify:
            _warn(warning, period)
    return report


def analyses_due(*, now: dt.datetime | None = None, line: str = LineOfBusiness.AUTO) -> list[MonitoringReport]:
    """The daily run: every recent month whose returns are due is analysed (``monitoring_analyse``: once, and
    again as a new version when returns arrived after it). Returns the month's current version, oldest first."""
    now = now or timezone.now()
    period = previous_month(timezone.localtime(now).date())
    periods = []
    for _i in range(revision_months()):
        periods.append(period)
        period = previous_month(period)
    return [monitoring_analyse(period=p, line=line, now=now) for p in reversed(periods) if now > returns_due_at(p)]


def _points(value, industry) -> str:
    if industry is None:
        return ""
    return f"{Decimal(value) - Decimal(industry):+.2f}"


def _warn(warning: MonitoringWarning, period: dt.date) -> None:
    rule = warning.rule
    notice = Notice.objects.create(
        kind=Notice.Kind.NOTICE,
        title=_("Market monitoring warning %(month)s: %(indicator)s")
        % {"month": f"{period:%Y-%m}", "indicator": rule.get_indicator_display()},
        body=_(
            "Your %(indicator)s for %(month)s is %(value)s against %(reference)s (%(rule)s: %(deviation)s, "
            "threshold %(threshold)s). Please review the figures and the business behind them."
        )
        % {
            "indicator": rule.get_indicator_display(),
            "month": f"{period:%Y-%m}",
            "value": warning.value,
            "reference": warning.reference,
            "rule": rule.get_kind_display(),
            "deviation": warning.deviation,
            "threshold": rule.threshold,
        },
    )
    notice.recipients.set([warning.organisation_id])
    notice_issue(notice=notice, actor=None)
    warning.notice = notice
    warning.save(update_fields=["notice"])
