"""A closed campaign's deliverables: what is not yet due is owed no more (no reminders, not scored); what was
already due stays owed and counts as missing; a submission waiting for review is still reviewed."""

import datetime as dt

import pytest

from association.choices import ObligationStatus
from association.models import ReminderLog
from association.services.obligations import obligation_submit
from association.services.reminders import reminders_sweep
from campaigns.selectors import deliverable_obligations
from campaigns.services.campaigns import campaign_close
from tests.campaigns.helpers import make_campaign

pytestmark = pytest.mark.django_db

OPEN, CANCELLED, SUBMITTED = ObligationStatus.OPEN, ObligationStatus.CANCELLED, ObligationStatus.SUBMITTED


def _by_title(campaign, organisation):
    rows = deliverable_obligations(campaign).filter(organisation=organisation)
    return {ob.title.rsplit(" · ", 1)[1]: ob for ob in rows}


@pytest.mark.parametrize(
    ("closed_before_news_due", "news"),
    [
        (dt.timedelta(days=1), CANCELLED),
        (dt.timedelta(minutes=1), CANCELLED),
        (dt.timedelta(0), OPEN),  # due exactly when closed: already due, counts as missing
        (-dt.timedelta(minutes=1), OPEN),
    ],
)
def test_closing_cancels_the_deliverables_not_yet_due(world, closed_before_news_due, news):
    campaign = make_campaign(world, participants=[world.org_a_branch, world.org_b])
    owed_b = _by_title(campaign, world.org_b)
    obligation_submit(obligation=owed_b["活动总结"], actor=world.users["member_b"], text="总结")
    closed_at = owed_b["新闻稿"].due_at - closed_before_news_due
    campaign_close(actor=world.users["staff"], campaign=campaign, now=closed_at)
    for org in (world.org_a_branch, world.org_b):
        statuses = {title: ob.status for title, ob in _by_title(campaign, org).items()}
        assert statuses == {
            "活动方案": OPEN,  # was due before the campaign started: missing, stays owed
            "新闻稿": news,
            "活动总结": SUBMITTED if org == world.org_b else CANCELLED,
        }
    cancelled = deliverable_obligations(campaign).filter(status=CANCELLED)
    for hours in (-2, 0, 2, 48, 24 * 10):
        reminders_sweep(now=closed_at + dt.timedelta(days=2, hours=hours))
    assert not ReminderLog.objects.filter(obligation__in=cancelled).exists()
    escalated = ReminderLog.objects.filter(step="overdue", obligation__status=OPEN).count()
    assert escalated == (2 if news == CANCELLED else 4)  # what stays owed is escalated
