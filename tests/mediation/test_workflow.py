import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from mediation.choices import CaseStatus
from mediation.models import Case
from mediation.services.cases import (
    case_accept,
    case_apply_confirmation,
    case_assign,
    case_confirm,
    case_decline,
    case_extend,
    case_fail,
    case_refuse,
    case_resume,
    case_succeed,
    case_suspend,
    case_withdraw,
    response_obligations,
    session_add,
)
from tests.mediation.helpers import assigned_case, make_case, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_full_path_to_judicial_confirmation(world):
    mediator = world.users["mediator"]
    case = assigned_case(world)
    assert case.status == CaseStatus.MEDIATOR_ASSIGNED
    assert case.mediation_due_on == dt.date(2026, 4, 2)  # 30 days from acceptance
    session_add(case=case, actor=mediator, held_on=dt.date(2026, 3, 10), mode="phone", attendees="双方", notes="首次")
    case = case_succeed(case=case, actor=mediator, settlement_amount="8000", agreement_file=pdf_file())
    assert case.status == CaseStatus.SUCCEEDED and case.agreement_file.name.endswith(".pdf")
    case = case_apply_confirmation(case=case, actor=mediator)
    case = case_confirm(case=case, actor=mediator, ruling_number="(2026)新7101民特1号", ruling_date=dt.date(2026, 4, 1))
    case.refresh_from_db()
    assert case.status == CaseStatus.CONFIRMED and case.sessions.count() == 1
    assert case.events.count() >= 5  # pghistory audit of every step


def test_response_obligation_for_the_respondent(world):
    case = assigned_case(world)
    (obligation,) = response_obligations(case)
    assert obligation.organisation == world.org_a_branch
    assert obligation.kind == ObligationKind.MEDIATION_RESPONSE and obligation.subject == case
    assert obligation.due_at.date() == dt.date(2026, 3, 10)  # 7 days after acceptance


def _end(world, ending, case):
    staff, mediator = world.users["staff"], world.users["mediator"]
    if ending == "succeed":
        return case_succeed(case=case, actor=mediator, settlement_amount="8000", agreement_file=pdf_file())
    if ending == "fail":
        return case_fail(case=case, actor=mediator, reason="双方差距大")
    if ending == "withdraw":
        return case_withdraw(case=case, actor=mediator, reason="消费者撤回")
    return case_decline(case=case, actor=staff, reason="不属于受理范围")


@pytest.mark.parametrize(
    ("ending", "accepted_days_ago", "submitted", "expected"),
    [
        # the response is no longer owed: cancelled, so no reminder or escalation follows
        ("succeed", 0, False, ObligationStatus.CANCELLED),
        ("fail", 0, False, ObligationStatus.CANCELLED),
        ("withdraw", 0, False, ObligationStatus.CANCELLED),
        ("succeed", 6, False, ObligationStatus.CANCELLED),  # due tomorrow
        # already past due when the case ended: the company missed it, the breach stays
        ("succeed", 8, False, ObligationStatus.OPEN),
        ("withdraw", 30, False, ObligationStatus.OPEN),
        # the company responded: its response is still reviewed
        ("fail", 0, True, ObligationStatus.SUBMITTED),
        # a declined case was never accepted: nothing was owed
        ("decline", None, False, None),
    ],
)
def test_a_case_that_ends_ends_the_response_it_demanded(world, ending, accepted_days_ago, submitted, expected):
    from association.models import ReminderLog
    from association.services.obligations import obligation_submit
    from association.services.reminders import reminders_sweep

    staff = world.users["staff"]
    today = timezone.localdate()
    case = make_case(world, received_on=today - dt.timedelta(days=accepted_days_ago or 0))
    if accepted_days_ago is not None:
        case = case_accept(case=case, actor=staff, accepted_on=today - dt.timedelta(days=accepted_days_ago))
        case = case_assign(case=case, actor=staff, mediator=world.users["mediator"])
        if submitted:
            obligation_submit(obligation=response_obligations(case).get(), actor=world.users["member_a_manager"],
                              text="书面答复")  # fmt: skip
    case = _end(world, ending, case)
    obligations = list(response_obligations(case))
    assert [o.status for o in obligations] == ([expected] if expected else [])
    for obligation in obligations:
        if expected == ObligationStatus.CANCELLED:
            reminders_sweep(now=obligation.due_at + dt.timedelta(days=3))
            assert not ReminderLog.objects.filter(obligation=obligation).exists()  # no reminder, no escalation


@pytest.mark.usefixtures("english")
def test_invalid_transitions_are_clear_errors(world):
    staff = world.users["staff"]
    case = make_case(world)
    with pytest.raises(ValidationError, match="“Received” cannot become “Mediation succeeded”"):
        case_succeed(case=case, actor=staff, settlement_amount="1", agreement_file=pdf_file())
    with pytest.raises(ValidationError, match="cannot become"):
        case_confirm(case=case, actor=staff, ruling_number="x", ruling_date=dt.date(2026, 4, 1))
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECEIVED
    with pytest.raises(ValidationError):
        case_decline(case=case, actor=staff, reason=" ")
    case = case_decline(case=case, actor=staff, reason="不属于受理范围")
    with pytest.raises(ValidationError):
        case_accept(case=case, actor=staff)


def test_failure_and_refusal(world):
    mediator = world.users["mediator"]
    case = assigned_case(world)
    with pytest.raises(ValidationError):
        case_fail(case=case, actor=mediator, reason="")
    assert case_fail(case=case, actor=mediator, reason="双方差距大").status == CaseStatus.FAILED
    other = assigned_case(world)
    other = case_succeed(case=other, actor=mediator, settlement_amount="1", agreement_file=pdf_file())
    case_apply_confirmation(case=other, actor=mediator)
    assert case_refuse(case=other, actor=mediator, reason="协议内容违法").status == CaseStatus.REFUSED


def test_agreement_file_is_validated(world):
    case = assigned_case(world)
    bad = pdf_file("协议.pdf")
    bad.write(b"")  # keep the name, change the content
    bad.seek(0)
    bad.truncate()
    bad.write(b"MZ this is not a pdf")
    bad.size = 19
    bad.seek(0)
    with pytest.raises(ValidationError):
        case_succeed(case=case, actor=world.users["mediator"], settlement_amount="1", agreement_file=bad)


def test_permissions(world):
    case = make_case(world)
    for role in ["mediator", "member_a_manager", "regulator_x"]:
        with pytest.raises(PermissionDenied):
            case_accept(case=case, actor=world.users[role])
    case = assigned_case(world)
    with pytest.raises(PermissionDenied):
        case_fail(case=case, actor=world.users["member_a_manager"], reason="x")


def test_time_limits_extension_suspension_overdue(world, settings):
    settings.MEDIATION_PERIOD_DAYS = 10
    staff = world.users["staff"]
    case = make_case(world)
    case = case_accept(case=case, actor=staff, accepted_on=dt.date(2026, 1, 5))
    assert case.mediation_due_on == dt.date(2026, 1, 15)
    assert case.is_overdue and Case.objects.overdue().filter(pk=case.pk).exists()
    with pytest.raises(ValidationError):
        case_extend(case=case, actor=staff, days=5, reason="")
    case = case_extend(case=case, actor=staff, days=5, reason="需补充材料")
    assert case.mediation_due_on == dt.date(2026, 1, 20)
    case = case_suspend(case=case, actor=staff, reason="等待鉴定", on=dt.date(2026, 1, 10))
    assert not case.is_overdue and not Case.objects.overdue().filter(pk=case.pk).exists()
    with pytest.raises(ValidationError):
        case_suspend(case=case, actor=staff, reason="again")
    case = case_resume(case=case, actor=staff, on=dt.date(2026, 1, 17))
    assert case.suspended_days == 7 and case.mediation_due_on == dt.date(2026, 1, 27)


def test_case_validation(world):
    with pytest.raises(ValidationError) as err:
        make_case(world, source="pre_litigation", court="", consumer_id_number="650102199001011238")
    assert {"court", "consumer_id_number"} <= set(err.value.message_dict)
    with pytest.raises(ValidationError) as err:
        make_case(world, channel="")
    assert "channel" in err.value.message_dict
    with pytest.raises(ValidationError):
        make_case(world, respondent=world.bureau)


@pytest.mark.parametrize(
    ("status", "suspended", "expected"),
    [
        ("received", False, {"accept", "decline", "withdraw"}),
        ("accepted", False, {"assign", "withdraw", "extend", "suspend"}),
        ("accepted", True, {"assign", "withdraw", "extend", "resume"}),
        ("mediator_assigned", False, {"assign", "session", "succeed", "fail", "withdraw", "extend", "suspend"}),
        ("in_sessions", False, {"assign", "session", "succeed", "fail", "withdraw", "extend", "suspend"}),
        ("succeeded", False, {"apply_confirmation"}),
        ("confirmation_applied", False, {"confirm", "refuse"}),
        ("declined", False, set()),
        ("confirmed", False, set()),
        ("refused", False, set()),
        ("withdrawn", False, set()),
        ("failed", False, set()),
    ],
)
def test_action_fits_the_status(status, suspended, expected):
    from mediation.api.serializers import TRANSITION_ACTIONS
    from mediation.choices import action_fits

    assert {key for key, _ in TRANSITION_ACTIONS if action_fits(key, status=status, suspended=suspended)} == expected


def test_case_page_and_api_offer_only_the_steps_that_fit(world, client, api_client):
    from tests.conftest import client_for

    case = assigned_case(world)
    c = client_for(client, world.users["staff"])
    html = c.get(f"/mediation/cases/{case.pk}/").content.decode()
    assert 'class="border rounded p-2 mb-2 action-session"' in html
    assert "action-accept" not in html and "action-confirm" not in html and "action-resume" not in html
    mediator = client_for(client, world.users["mediator"])
    html = mediator.get(f"/mediation/cases/{case.pk}/").content.decode()
    assert "action-session" in html and "action-assign" not in html
    api_client.force_authenticate(world.users["staff"])
    body = api_client.get(f"/api/v1/mediation/cases/{case.pk}/").json()
    assert set(body["available_actions"]) == {"assign", "session", "succeed", "fail", "withdraw", "extend", "suspend"}
    api_client.force_authenticate(world.users["regulator_x"])
    assert api_client.get(f"/api/v1/mediation/cases/{case.pk}/").json()["available_actions"] == []
