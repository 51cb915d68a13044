import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from association.choices import ObligationStatus
from association.models import Notice, Obligation
from selfregulation.models import MonitoringReport, MonitoringWarning, MonthlyReturn
from selfregulation.services.monitoring import monitoring_analyse, return_submit, returns_open, returns_upload
from tests.factories import OrganisationFactory
from tests.selfregulation.helpers import FIGURES

pytestmark = pytest.mark.django_db
MONTH = dt.date(2026, 4, 1)


def test_submission_fulfils_the_obligation_and_a_correction_keeps_history(world):
    assert returns_open(period=MONTH) >= 2  # org_a and org_b (provincial property insurers)
    assert returns_open(period=MONTH) == returns_open(period=MONTH)  # idempotent
    obligation = Obligation.objects.get(dedupe_key=f"sr-return:auto:2026-04:{world.org_a.pk}")
    assert obligation.kind == "data_return" and obligation.due_at.date().month == 5
    assert Obligation.objects.filter(dedupe_key__startswith="sr-return:auto:2026-04:").count() == 2
    member = world.users["member_a_reporter"]
    first = return_submit(organisation=world.org_a, period=MONTH, figures=FIGURES, actor=member)
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.ACCEPTED
    corrected = return_submit(
        organisation=world.org_a, period=dt.date(2026, 4, 15), figures={**FIGURES, "policies": "8100"}, actor=member
    )
    first.refresh_from_db()
    assert first.replaced_by == corrected
    assert MonthlyReturn.objects.current().get(organisation=world.org_a).policies == 8100
    assert MonthlyReturn.objects.filter(organisation=world.org_a).count() == 2


@pytest.mark.usefixtures("english")
def test_validation(world):
    member = world.users["member_a_reporter"]
    with pytest.raises(ValidationError) as exc:
        return_submit(
            organisation=world.org_a,
            period=MONTH,
            figures={**FIGURES, "combined_expense_ratio": "120", "policies": "", "claims_paid": "abc"},
            actor=member,
        )
    errors = exc.value.message_dict
    assert set(errors) == {"combined_expense_ratio", "policies", "claims_paid"}
    assert "out of range" in errors["combined_expense_ratio"][0]
    with pytest.raises(PermissionDenied):
        return_submit(organisation=world.org_b, period=MONTH, figures=FIGURES, actor=member)
    with pytest.raises(ValidationError):
        return_submit(organisation=world.org_a, period=dt.date(2099, 1, 1), figures=FIGURES, actor=member)
    assert not MonthlyReturn.objects.exists()


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["credit_code", "month", *FIGURES])
    for r in rows:
        sheet.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.usefixtures("english")
def test_upload_is_all_or_nothing_and_names_every_bad_row(world):
    staff = world.users["staff"]
    good = [world.org_a.credit_code, "2026-04", *FIGURES.values()]
    bad_ratio = [world.org_b.credit_code, "2026-04", *list(FIGURES.values())[:3], "150", "99"]
    unknown = ["91650100XXXXXXXXXX", "2026-04", *FIGURES.values()]
    with pytest.raises(ValidationError) as exc:
        returns_upload(data=_xlsx([good, bad_ratio, unknown]), filename="figures.xlsx", actor=staff)
    messages = exc.value.messages
    assert any("line 3, column combined_expense_ratio" in m for m in messages)
    assert any("line 4, column credit_code" in m for m in messages)
    assert not MonthlyReturn.objects.exists()
    saved = returns_upload(data=_xlsx([good]), filename="figures.xlsx", actor=staff)
    assert saved[0].source == "upload"
    # a member may upload only its own company's figures
    with pytest.raises(ValidationError, match="line 2, column credit_code"):
        returns_upload(
            data=_xlsx([[world.org_b.credit_code, "2026-04", *FIGURES.values()]]),
            filename="f.xlsx",
            actor=world.users["member_a_manager"],
        )


def test_monthly_analysis_warns_abnormal_companies_once(world):
    staff = world.users["staff"]
    c = OrganisationFactory(name="丙财险新疆分公司")
    d = OrganisationFactory(name="丁财险新疆分公司")
    march = dt.date(2026, 3, 1)
    for org in (world.org_a, world.org_b, c, d):
        return_submit(organisation=org, period=march, figures=FIGURES, actor=staff)
    return_submit(
        organisation=world.org_a, period=MONTH, figures={**FIGURES, "written_premium": "18000000"}, actor=staff
    )
    return_submit(
        organisation=world.org_b, period=MONTH, figures={**FIGURES, "combined_expense_ratio": "60"}, actor=staff
    )
    for org in (c, d):
        return_submit(organisation=org, period=MONTH, figures=FIGURES, actor=staff)
    report = monitoring_analyse(period=MONTH)
    summary = report.data["summary"]
    assert Decimal(summary["written_premium"]) == Decimal("54000000")
    assert summary["companies"] == "4"
    warnings = {(w.organisation_id, w.rule.indicator) for w in MonitoringWarning.objects.select_related("rule")}
    # A: premium +50 % month over month; B: expense ratio 60 vs mean 36.375 (> 10 points)
    assert warnings == {(world.org_a.pk, "written_premium"), (world.org_b.pk, "combined_expense_ratio")}
    notices = Notice.objects.filter(recipients=world.org_a)
    assert notices.count() == 1 and notices.get().issued_at is not None
    monitoring_analyse(period=MONTH)  # re-run: same warnings, no second notice
    assert MonitoringWarning.objects.count() == 2 and Notice.objects.count() == 2
    assert MonitoringReport.objects.count() == 1
    company_a = next(x for x in report.data["companies"] if x["organisation"] == world.org_a.pk)
    assert company_a["warnings"]
    company_b = next(x for x in report.data["companies"] if x["organisation"] == world.org_b.pk)
    # B's expense ratio 60 against the premium-weighted 36.67 (A's premium 18m of 54m at 28.5)
    assert (
        company_b["expense_vs_industry"]
        == f"{Decimal('60') - Decimal(summary['combined_expense_ratio_weighted']):+.2f}"
    )
    assert company_b["expense_vs_industry"].startswith("+")
