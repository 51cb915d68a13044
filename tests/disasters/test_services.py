import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.deadlines import BEIJING
from association.models import Notification, OutboundEmail
from disasters.choices import ChangeStatus, Grade
from disasters.dashboard import roll_call, timeliness
from disasters.models import AffectedCompany, DailySummary, GradingRule, LossReport
from disasters.selectors import default_affected
from disasters.services.clocks import daily_obligations, event_obligations
from disasters.services.events import event_declare_grade, event_update_estimates
from disasters.services.loss_reports import loss_report_submit, phone_report_record
from disasters.services.responses import (
    level_request_decide,
    response_change_level,
    response_open,
    response_terminate,
)
from disasters.services.summaries import summary_generate
from tests.disasters.helpers import FIGURES, KNOWN, make_event

pytestmark = pytest.mark.django_db


def kinds(event):
    return sorted(event_obligations(event).values_list("kind", "organisation_id", "due_at"))


def test_xinjiang_rule_is_seeded_and_grades_the_event(world):
    assert GradingRule.objects.filter(property_iii=Decimal("10000000")).exists()
    event = make_event(world)
    assert event.computed_grade == Grade.III
    assert event.grade_criterion == "property_loss"
    assert event.grading_rule is not None


def test_rule_in_force_on_the_event_date(world):
    GradingRule.objects.create(
        name="2026 rule", effective_from=dt.date(2026, 6, 1), property_iii=Decimal("30000000"),
        property_ii=Decimal("50000000"), property_i=Decimal("1000000000"), casualty_iii=Decimal("5000000"),
        casualty_ii=Decimal("10000000"), casualty_i=Decimal("20000000"), deaths_iii=5, deaths_ii=10, deaths_i=30,
    )  # fmt: skip
    event = make_event(world)
    assert event.grading_rule.name == "2026 rule"
    assert event.computed_grade == ""


def test_default_affected_are_property_insurers_in_the_region(world):
    assert {o.pk for o in default_affected([world.region_x])} == {world.org_a_branch.pk, world.org_b.pk}


def test_initial_report_due_two_hours_after_known(world):
    event = make_event(world)
    assert kinds(event) == [
        (ObligationKind.DISASTER_INITIAL_REPORT, world.org_a_branch.pk, KNOWN + dt.timedelta(hours=2))
    ]


def test_sensitive_event_gets_phone_and_written_clocks(world):
    event = make_event(world, sensitive=True)
    dues = {k: due for k, _o, due in kinds(event)}
    assert dues[ObligationKind.DISASTER_PHONE_REPORT] == KNOWN + dt.timedelta(minutes=30)
    assert dues[ObligationKind.DISASTER_WRITTEN_REPORT] == KNOWN + dt.timedelta(hours=1)
    phone = phone_report_record(event=event, organisation=world.org_a_branch, actor=world.users["staff"], note="call")
    assert phone.submissions.count() == 1


def test_grade_rise_alerts_and_never_changes_the_level(world):
    event = make_event(world)
    response = response_open(event=event, actor=world.users["regulator_x"], level=Grade.III, now=KNOWN)
    event_update_estimates(event=event, actor=world.users["staff"], est_property_loss=Decimal("60000000"), now=KNOWN)
    response.refresh_from_db()
    assert response.level == Grade.III
    alerted = set(Notification.objects.filter(level="warning").values_list("user__username", flat=True))
    assert {"staff", "regulator_x", "regulator_province"} <= alerted
    assert "regulator_y" not in alerted and "member_b" not in alerted


def test_raising_to_level_one_is_a_request(world):
    event = make_event(world)
    response = response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    change = response_change_level(
        response=response, actor=world.users["regulator_province"], level=Grade.I, reason="影响大", now=KNOWN
    )
    response.refresh_from_db()
    assert change.status == ChangeStatus.REQUESTED and response.level == Grade.II
    level_request_decide(change=change, actor=world.users["staff"], approve=True)
    response.refresh_from_db()
    assert response.level == Grade.I and response.leading_office == "national"


def test_declared_grade_needs_a_reason(world, english):
    event = make_event(world)
    with pytest.raises(ValidationError, match="written reason"):
        event_declare_grade(event=event, actor=world.users["regulator_province"], grade=Grade.II, reason=" ")
    event = event_declare_grade(event=event, actor=world.users["regulator_province"], grade=Grade.II, reason="社会影响")
    assert event.grade == Grade.II and event.changes.filter(kind="declared").exists()


@override_settings(DISASTER_DAILY_REPORT_TIME="18:00")
def test_daily_obligations_while_a_level_two_response_runs_and_stop_on_termination(world):
    event = make_event(world)
    response = response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    daily = event_obligations(event).filter(kind=ObligationKind.DISASTER_DAILY_REPORT)
    assert [o.due_at for o in daily.all()] == [KNOWN.replace(hour=18)]
    daily_obligations(event=event, response=response, now=KNOWN + dt.timedelta(hours=9))  # the hourly task
    assert [o.due_at for o in daily.all()] == [KNOWN.replace(hour=18), KNOWN.replace(hour=18) + dt.timedelta(days=1)]
    response_terminate(response=response, actor=world.users["regulator_province"], now=KNOWN + dt.timedelta(hours=10))
    assert daily.get(due_at=KNOWN.replace(hour=18)).status == ObligationStatus.OPEN
    assert daily.get(due_at=KNOWN.replace(hour=18) + dt.timedelta(days=1)).status == ObligationStatus.CANCELLED


def test_loss_report_answers_the_days_obligations(world):
    # obligation_submit stamps the real time: the event is known now
    known = timezone.now().astimezone(BEIJING).replace(hour=9, minute=0, second=0, microsecond=0)
    event = make_event(world, occurred_at=known - dt.timedelta(hours=1), known_at=known, now=known)
    response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=known)
    at = timezone.now()
    loss_report_submit(
        event=event, organisation=world.org_a_branch, actor=world.users["member_a_reporter"], now=at, **FIGURES
    )
    statuses = dict(event_obligations(event).values_list("kind", "status").order_by("due_at")[:2])
    assert statuses[ObligationKind.DISASTER_INITIAL_REPORT] == ObligationStatus.SUBMITTED
    assert statuses[ObligationKind.DISASTER_DAILY_REPORT] == ObligationStatus.SUBMITTED
    table = timeliness(event, at)
    states = {cell.state for cell in table["rows"][0]["cells"]}
    assert states <= {"on_time", "late"}  # answered, on time or late depending on the hour the test runs


def test_cumulative_figures_may_not_decrease(world, english):
    event = make_event(world)
    actor = world.users["member_a_manager"]
    loss_report_submit(event=event, organisation=world.org_a_branch, actor=actor, now=KNOWN, **FIGURES)
    with pytest.raises(ValidationError) as err:
        loss_report_submit(
            event=event, organisation=world.org_a_branch, actor=actor, now=KNOWN + dt.timedelta(days=1),
            **{**FIGURES, "claims_reported": 3},
        )  # fmt: skip
    message = err.value.message_dict["claims_reported"][0]
    assert "claims reported" in message and "2 below" in message
    # the same day may be corrected
    loss_report_submit(
        event=event, organisation=world.org_a_branch, actor=actor, now=KNOWN, **{**FIGURES, "claims_reported": 3}
    )
    assert LossReport.objects.get().claims_reported == 3


def test_a_company_reports_only_for_itself_and_only_if_affected(world):
    event = make_event(world)
    with pytest.raises(ValidationError):
        loss_report_submit(event=event, organisation=world.org_a_branch, actor=world.users["member_b"], **FIGURES)
    with pytest.raises(ValidationError):
        loss_report_submit(event=event, organisation=world.org_b, actor=world.users["member_b"], **FIGURES)


def test_roll_call_and_summary(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    world.users["regulator_x"].email = "x@example.org"
    world.users["regulator_x"].save()
    event = make_event(world, organisations=[world.org_a_branch, world.org_b])
    response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    loss_report_submit(
        event=event, organisation=world.org_a_branch, actor=world.users["member_a_manager"], now=KNOWN, **FIGURES
    )
    later = KNOWN + dt.timedelta(days=1, hours=9)
    grid = roll_call(event, later)
    assert grid["missing"] == 3
    summary = summary_generate(event=event, now=later, day=KNOWN.date())
    assert summary_generate(event=event, now=later, day=KNOWN.date()).pk == summary.pk
    assert DailySummary.objects.count() == 1
    summary.xlsx.seek(0)
    content = summary.xlsx.read()
    assert content[:2] == b"PK" and summary.pdf.read()[:4] == b"%PDF"
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"每日汇总：{event.title}" or event.title in rows[0][0]  # the title row
    assert KNOWN.date().isoformat() in rows[1][0] and "生成时间" in rows[1][0]  # period, scope, when
    assert rows[2][4] == "估损金额（万元）"  # the header row, the unit once
    branch = next(r for r in rows[3:-1] if r[4] == 10.0)  # 100,000 yuan, a number in 万元
    assert branch[6] == 0.1  # 1,000 yuan
    assert sheet.cell(row=rows.index(branch) + 1, column=5).number_format == "#,##0.00"
    assert rows[-1][0] == "合计" and rows[-1][4] == 10.0  # the totals row
    assert OutboundEmail.objects.filter(to=["x@example.org"]).count() == 1


def test_adding_a_company_starts_its_clocks(world):
    from disasters.services.events import affected_add, affected_remove

    event = make_event(world)
    affected_add(event=event, organisation=world.org_b, actor=world.users["staff"], now=KNOWN)
    assert AffectedCompany.objects.filter(event=event).count() == 2
    assert event_obligations(event).filter(organisation=world.org_b).count() == 1
    affected_remove(event=event, organisation=world.org_b, actor=world.users["staff"])
    assert event_obligations(event).get(organisation=world.org_b).status == ObligationStatus.CANCELLED


def test_tasks_create_daily_obligations_and_summaries_only_for_running_responses(world, tmp_path, settings):
    from disasters.tasks import daily_obligations_task, daily_summaries_task

    settings.MEDIA_ROOT = tmp_path
    make_event(world, title="no response")
    event = make_event(world)
    response_open(event=event, actor=world.users["staff"], level=Grade.II)
    daily_obligations_task()
    assert event_obligations(event).filter(kind=ObligationKind.DISASTER_DAILY_REPORT).exists()
    assert list(daily_summaries_task()) and DailySummary.objects.get().event == event
