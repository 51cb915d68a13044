"""An attendance reply, a consultation's feedback or a trainee registration opened from the inbox: the member is
sent to the governance page that records the answer; a plain submission (page, API, service) is refused."""

import pytest
from django.core.exceptions import ValidationError

from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation
from association.services.obligations import obligation_submit
from governance.services.meetings import meeting_reply
from tests.conftest import client_for
from tests.governance.helpers import make_consultation, make_meeting, make_training

pytestmark = pytest.mark.django_db


def _owed(world, kind):
    return Obligation.objects.get(kind=kind, organisation=world.org_a_branch)


@pytest.mark.parametrize(
    ("kind", "make", "page"),
    [
        (ObligationKind.MEETING_REPLY, make_meeting, "/governance/meetings/{pk}/#reply-{org}"),
        (ObligationKind.CONSULTATION_FEEDBACK, make_consultation, "/governance/consultations/{pk}/#feedback-{org}"),
        (ObligationKind.TRAINING_REGISTRATION, make_training, "/governance/trainings/{pk}/#register-{org}"),
    ],
    ids=["meeting", "consultation", "training"],
)
def test_the_inbox_sends_the_member_to_the_governance_page(world, client, kind, make, page):
    thing = make(world)
    obligation = _owed(world, kind)
    expected = page.format(pk=thing.pk, org=world.org_a_branch.pk)
    c = client_for(client, world.users["member_a_manager"])

    response = c.get(f"/obligations/{obligation.pk}/")
    assert response.status_code == 302 and response["Location"] == expected

    response = c.post(f"/obligations/{obligation.pk}/", {"action": "submit", "text": "收到"})
    assert response.status_code == 302 and response["Location"] == expected
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.OPEN and not obligation.submissions.exists()

    # the governance page has the form the anchor points at
    html = c.get(expected.split("#")[0]).content.decode()
    assert f'id="{expected.split("#")[1]}"' in html

    # staff read the obligation with a link to the page instead of the plain form
    html = client_for(client, world.users["staff"]).get(f"/obligations/{obligation.pk}/").content.decode()
    assert 'id="answer-page"' in html and f'href="{expected}"' in html and 'id="submit-form"' not in html


def test_a_plain_submission_is_refused_by_the_service_and_the_api(world, client):
    make_meeting(world)
    obligation = _owed(world, ObligationKind.MEETING_REPLY)
    with pytest.raises(ValidationError):
        obligation_submit(obligation=obligation, actor=world.users["member_a_manager"], text="参加")
    c = client_for(client, world.users["member_a_manager"])
    response = c.post(
        f"/api/v1/obligations/{obligation.pk}/submissions/", {"text": "参加"}, content_type="application/json"
    )
    assert response.status_code == 400
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.OPEN


def test_once_answered_the_obligation_page_shows_the_answer(world, client):
    meeting = make_meeting(world)
    invitation = meeting.invitations.get(organisation=world.org_a_branch)
    meeting_reply(actor=world.users["member_a_reporter"], invitation=invitation, attend=True, attendees="张三 总经理")
    obligation = _owed(world, ObligationKind.MEETING_REPLY)
    assert obligation.status == ObligationStatus.SUBMITTED
    response = client_for(client, world.users["member_a_manager"]).get(f"/obligations/{obligation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "张三 总经理" in html and 'id="answer-page"' in html and 'id="submit-form"' not in html
