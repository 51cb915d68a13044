"""The demo data is a month as it would really have happened (issue 18, point 12): deadlines at the end of a
working day, each submission at the time its story gives (most on time, the few late ones the story names),
document numbers unique and in the order of their dates, and the hazards Xinjiang has."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone, translation

from association.choices import ObligationKind
from association.deadlines import BEIJING, workday_end_time
from association.models import Notice, Obligation, Submission
from association.workdays import is_working_day
from disasters.choices import Hazard
from disasters.models import Event

pytestmark = pytest.mark.django_db

#: deadlines the demo itself sets (others follow rules: a disaster clock in minutes, a fixed date)
DEMO_SET = [
    ObligationKind.NOTICE_REPLY,
    ObligationKind.DATA_RETURN,
    ObligationKind.RECTIFICATION_REPORT,
    ObligationKind.SELF_INSPECTION,
]


def test_xinjiang_hazards_are_in_the_list():
    with translation.override("zh-hans"):
        labels = {value: str(label) for value, label in Hazard.choices}
    assert labels["snowstorm"] == "雪灾"
    assert labels["low_temperature_freezing"] == "低温冰冻"
    assert labels["drought"] == "干旱"
    assert labels["sandstorm"] == "沙尘暴"
    assert {"flood", "strong_wind", "earthquake", "debris_flow", "avalanche", "hail"} <= set(labels)  # art. 7


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return timezone.now()


def test_the_demo_is_a_real_month(demo):
    now = demo
    # deadlines: the end of a working day
    for ob in Obligation.objects.filter(kind__in=DEMO_SET):
        local = ob.due_at.astimezone(BEIJING)
        assert local.time() == workday_end_time(), (ob.kind, ob.title, local)
        assert is_working_day(local.date()), (ob.kind, ob.title, local)

    # submissions at their story's times, none in the future, spread over weeks (not all "now")
    submitted = Obligation.objects.filter(first_submitted_at__isnull=False)
    assert submitted.filter(first_submitted_at__gt=now).count() == 0
    assert Submission.objects.filter(submitted_at__gt=now).count() == 0
    times = set(submitted.values_list("first_submitted_at", flat=True))
    assert len(times) > 50
    assert min(times) < now - dt.timedelta(days=60)
    # every obligation recorded as submitted has its first submission time (the lateness column)
    assert Obligation.objects.filter(submitted_at__isnull=False, first_submitted_at__isnull=True).count() == 0

    # late: only what the story makes late
    late = submitted.filter(first_submitted_at__gt=F("original_due_at"))
    late_returns = set(late.filter(kind=ObligationKind.DATA_RETURN).values_list("organisation__short_name", flat=True))
    assert late_returns == {"天安财险", "太平洋财险"}
    for kind in (
        ObligationKind.NOTICE_REPLY,
        ObligationKind.RECTIFICATION_REPORT,
        ObligationKind.MEDIATION_RESPONSE,
        ObligationKind.DISASTER_INITIAL_REPORT,
        ObligationKind.DISASTER_DAILY_REPORT,
    ):
        assert not late.filter(kind=kind).exists(), kind
    deliverables = submitted.filter(kind=ObligationKind.CAMPAIGN_DELIVERABLE)
    if deliverables.exists():
        share = late.filter(kind=ObligationKind.CAMPAIGN_DELIVERABLE).count() / deliverables.count()
        assert 0.05 < share < 0.35, share
    assert late.count() < submitted.count() / 4

    # document numbers: unique, in the order of the documents' issue times
    issued = list(Notice.objects.exclude(reference="").order_by("issued_at", "pk").values_list("reference", flat=True))
    assert len(issued) == len(set(issued)) >= 3
    numbers = [int(ref.split("〕")[1].removesuffix("号")) for ref in issued]
    assert numbers == sorted(numbers)

    # the disaster follows the season
    event = Event.objects.get()
    winter = timezone.localdate().month in (11, 12, 1, 2, 3)
    assert event.hazard == (Hazard.SNOWSTORM if winter else Hazard.FLOOD)
