"""A closed finding: its rectification report not yet due is owed no more (no reminders); one already due
stays owed (late); one waiting for review is still reviewed. Staff close it, with a reason."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from association.choices import ObligationStatus
from association.models import Obligation, ReminderLog
from association.services.obligations import obligation_submit
from association.services.reminders import reminders_sweep
from selfregulation.services.findings import finding_close, rectification_demand
from tests.conftest import client_for
from tests.selfregulation.helpers import make_finding

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("closed_before_due", "submitted", "expected"),
    [
        (dt.timedelta(days=3), False, ObligationStatus.CANCELLED),
        (dt.timedelta(seconds=1), False, ObligationStatus.CANCELLED),
        (dt.timedelta(0), False, ObligationStatus.OPEN),  # due when closed: late, stays owed
        (-dt.timedelta(days=1), False, ObligationStatus.OPEN),
        (dt.timedelta(days=3), True, ObligationStatus.SUBMITTED),  # still reviewed
    ],
)
def test_closing_a_finding_ends_its_rectification(world, closed_before_due, submitted, expected):
    finding = make_finding(world)
    obligation = finding.rectification.obligation
    if submitted:
        obligation_submit(obligation=obligation, actor=world.users["member_a_reporter"], text="已整改")
    closed_at = obligation.due_at - closed_before_due
    finding_close(finding=finding, actor=world.users["staff"], reason="回头看已确认整改", now=closed_at)
    obligation.refresh_from_db()
    assert obligation.status == expected
    finding.refresh_from_db()
    assert finding.closed_at == closed_at and finding.closed_by == world.users["staff"]
    for hours in (-25, -1, 0, 2, 24 * 30):
        reminders_sweep(now=obligation.due_at + dt.timedelta(hours=hours))
    reminded = ReminderLog.objects.filter(obligation=obligation, step__in=["due", "overdue"]).exists()
    assert reminded == (expected == ObligationStatus.OPEN)


def test_closing_needs_staff_and_a_reason_and_happens_once(world):
    finding = make_finding(world, rectify=False)
    with pytest.raises(PermissionDenied):
        finding_close(finding=finding, actor=world.users["member_a_manager"], reason="x")
    with pytest.raises(ValidationError):
        finding_close(finding=finding, actor=world.users["staff"], reason="  ")
    finding_close(finding=finding, actor=world.users["staff"], reason="误报")
    with pytest.raises(ValidationError):
        finding_close(finding=finding, actor=world.users["staff"], reason="误报")
    with pytest.raises(ValidationError):  # nothing is demanded of a closed finding
        rectification_demand(finding=finding, due_at=timezone.now() + dt.timedelta(days=5), actor=world.users["staff"])


def test_staff_close_a_finding_on_its_page(world, client):
    finding = make_finding(world)
    url = f"/selfregulation/findings/{finding.pk}/"
    member = client_for(client, world.users["member_a_manager"])
    assert member.post(f"{url}rectification/", {"action": "close", "reason": "x"}).status_code == 403
    staff = client_for(client, world.users["staff"])
    assert 'id="finding-close"' in staff.get(url).content.decode()
    response = staff.post(f"{url}rectification/", {"action": "close", "reason": "回头看已确认整改"})
    assert response.status_code == 302
    assert Obligation.objects.get(pk=finding.rectification.obligation_id).status == ObligationStatus.CANCELLED
    page = staff.get(url).content.decode()
    assert 'id="finding-closed"' in page and 'id="finding-close"' not in page


def test_staff_close_findings_in_the_admin(world, client):
    finding = make_finding(world)
    staff = client_for(client, world.users["staff"])
    changelist = "/admin/selfregulation/finding/"
    form = staff.post(changelist, {"action": "close", "_selected_action": [finding.pk]})
    assert form.status_code == 200  # the reason form
    staff.post(changelist, {"action": "close", "_selected_action": [finding.pk], "apply": "1", "reason": "误报"})
    finding.refresh_from_db()
    assert finding.close_reason == "误报"
    assert finding.rectification.obligation.status == ObligationStatus.CANCELLED
