"""The governance lists (pages and API) issue as many queries for many rows as for a few: each row's figures
come from the list's own annotations and joins, never from a query per row."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.choices import BodyKind, Position
from governance.services.bodies import SeatSpec, body_create, term_open
from governance.services.consultations import CommentSpec, consultation_feedback
from governance.services.meetings import meeting_reply
from governance.services.trainings import TraineeSpec, trainees_register
from tests.conftest import client_for
from tests.governance.helpers import make_consultation, make_meeting, make_training

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def governance_rows(world, n: int) -> None:
    """A committee with A's branch and B on it, a meeting of it A replied to, a consultation A commented on and
    a training A registered for."""
    staff, manager = world.users["staff"], world.users["member_a_manager"]
    body = body_create(actor=staff, kind=BodyKind.COMMITTEE, name=f"专业委员会{n}", votes=n % 2 == 0)
    term_open(
        actor=staff,
        body=body,
        number=1 + n,
        starts_on=dt.date(2024, 1, 1),
        seats=[SeatSpec(world.org_a_branch, Position.CHAIR), SeatSpec(world.org_b)],
    )
    meeting = make_meeting(world, body=body, title=f"第{n}次会议", starts_in=48 + n)
    invitation = meeting.invitations.get(organisation=world.org_a_branch)
    meeting_reply(actor=manager, invitation=invitation, attend=True, attendees=f"代表{n}")
    consultation = make_consultation(world, recipients=[world.org_a_branch, world.org_b])
    consultation_feedback(
        actor=manager,
        recipient=consultation.recipients.get(organisation=world.org_a_branch),
        comments=[CommentSpec(f"意见{n}", consultation.clauses.first()), CommentSpec("总体同意")],
    )
    training = make_training(world, organisations=[world.org_a_branch, world.org_b])
    trainees_register(
        actor=manager, offer=training.offers.get(organisation=world.org_a_branch), trainees=[TraineeSpec(f"学员{n}")]
    )


PAGES = [
    "/governance/",
    "/governance/meetings/",
    "/governance/consultations/",
    "/governance/trainings/",
    "/governance/calendar/",
    "/governance/meetings/attendance/",
    "/governance/trainings/hours/",
    "/api/v1/governance/bodies/",
    "/api/v1/governance/meetings/",
    "/api/v1/governance/consultations/",
    "/api/v1/governance/trainings/",
]
CASES = [(role, url) for role in ("staff", "member_a_manager", "regulator_x") for url in PAGES]


@pytest.mark.parametrize(("role", "url"), CASES, ids=[f"{role}:{url}" for role, url in CASES])
def test_lists_keep_their_query_count(world, client, role, url, django_assert_max_num_queries):
    c = client_for(client, world.users[role])
    governance_rows(world, 1)
    c.get(url)  # sessions, caches and the calendar key made once
    with CaptureQueriesContext(connection) as few:
        response = c.get(url)
        assert response.status_code == 200
    for n in range(2, 8):
        governance_rows(world, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = c.get(url)
        assert response.status_code == 200
    if url.startswith("/api/") and role != "regulator_x":
        assert response.json()["count"] == 7  # the rows are there (regulators see only what is shared)
