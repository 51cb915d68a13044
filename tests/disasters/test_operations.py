"""Disaster operations by office (seed 002, art. 7–8): the rule in the services (table-driven), on-behalf
recording, the timeline, and the portal pages of each role (issue 15, point 1)."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from disasters.choices import ChangeStatus, Grade
from disasters.models import Event, LevelChange, Response
from disasters.services.events import event_create, event_declare_grade, event_update_estimates
from disasters.services.responses import (
    level_request_decide,
    response_change_level,
    response_open,
    response_terminate,
)
from tests.conftest import client_for
from tests.disasters.helpers import KNOWN, make_event

pytestmark = pytest.mark.django_db

LATER = KNOWN + dt.timedelta(hours=1)
ALL = ["staff", "regulator_province", "regulator_x", "regulator_y", "member_a_manager", "mediator"]


def _allowed(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return False
    return True


# who may open a response at each level on an event in prefecture X
OPEN = {
    Grade.III: {"staff", "regulator_province", "regulator_x"},
    Grade.II: {"staff", "regulator_province"},
    Grade.I: {"staff", "regulator_province"},
}


@pytest.mark.parametrize("level", list(OPEN))
@pytest.mark.parametrize("who", ALL)
def test_opening_a_response_follows_the_office(world, who, level):
    event = make_event(world)
    assert _allowed(lambda: response_open(event=event, actor=world.users[who], level=level, now=LATER)) == (
        who in OPEN[level]
    )


# (from, to): who may change the level of a running response on an event in X
CHANGE = {
    (Grade.III, Grade.II): {"staff", "regulator_province"},
    (Grade.II, Grade.III): {"staff", "regulator_province"},
    (Grade.III, Grade.I): {"staff", "regulator_province"},  # a request to the national regulator
    (Grade.II, Grade.I): {"staff", "regulator_province"},
}


@pytest.mark.parametrize("levels", list(CHANGE), ids=lambda v: f"{v[0]}-{v[1]}")
@pytest.mark.parametrize("who", ALL)
def test_changing_the_level_follows_the_office(world, who, levels):
    event = make_event(world)
    response = response_open(event=event, actor=world.users["staff"], level=levels[0], now=KNOWN)
    call = lambda: response_change_level(  # noqa: E731
        response=response, actor=world.users[who], level=levels[1], reason="灾情发展", now=LATER
    )
    assert _allowed(call) == (who in CHANGE[levels])


TERMINATE = {Grade.III: {"staff", "regulator_province", "regulator_x"}, Grade.II: {"staff", "regulator_province"}}


@pytest.mark.parametrize("level", list(TERMINATE))
@pytest.mark.parametrize("who", ALL)
def test_terminating_follows_the_office(world, who, level):
    event = make_event(world)
    response = response_open(event=event, actor=world.users["staff"], level=level, now=KNOWN)
    call = lambda: response_terminate(response=response, actor=world.users[who], now=LATER)  # noqa: E731
    assert _allowed(call) == (who in TERMINATE[level])


DECLARE = {Grade.III: {"staff", "regulator_province", "regulator_x"}, Grade.II: {"staff", "regulator_province"}}


@pytest.mark.parametrize("grade", list(DECLARE))
@pytest.mark.parametrize("who", ALL)
def test_declaring_a_grade_follows_the_office(world, who, grade):
    event = make_event(world)
    call = lambda: event_declare_grade(event=event, actor=world.users[who], grade=grade, reason="社会影响大")  # noqa: E731
    assert _allowed(call) == (who in DECLARE[grade])


@pytest.mark.parametrize("who", ALL)
def test_only_the_provincial_bureau_or_staff_record_the_national_answer(world, who):
    event = make_event(world)
    response = response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    change = response_change_level(
        response=response, actor=world.users["regulator_province"], level=Grade.I, reason="特别重大", now=KNOWN
    )
    call = lambda: level_request_decide(change=change, actor=world.users[who], approve=True, now=LATER)  # noqa: E731
    assert _allowed(call) == (who in {"staff", "regulator_province"})


def test_a_sub_bureau_acts_only_on_events_wholly_in_its_region(world):
    across = make_event(world, regions=[world.region_x, world.region_y])
    with pytest.raises(PermissionDenied):
        response_open(event=across, actor=world.users["regulator_x"], level=Grade.III, now=LATER)
    assert response_open(event=across, actor=world.users["regulator_province"], level=Grade.III, now=LATER)


RECORD = {  # who may record an event in each region
    "x": {"staff", "regulator_province", "regulator_x"},
    "y": {"staff", "regulator_province", "regulator_y"},
}


@pytest.mark.parametrize("where", list(RECORD))
@pytest.mark.parametrize("who", ALL)
def test_recording_an_event_follows_the_office(world, who, where):
    region = world.region_x if where == "x" else world.region_y
    call = lambda: event_create(  # noqa: E731
        actor=world.users[who], title="冰雹", hazard="hail", occurred_at=KNOWN, regions=[region], now=KNOWN
    )
    assert _allowed(call) == (who in RECORD[where])


def test_regulators_update_estimates_in_their_region_only(world):
    event = make_event(world)
    event_update_estimates(event=event, actor=world.users["regulator_x"], insured_deaths=12, now=LATER)
    assert Event.objects.get(pk=event.pk).computed_grade == Grade.II
    event_update_estimates(event=event, actor=world.users["staff"], insured_deaths=15, now=LATER)  # still II
    same = LevelChange.objects.get(event=event, kind="estimates")
    assert same.to_value == Grade.II and "15" in same.reason and same.on_behalf
    with pytest.raises(PermissionDenied):
        event_update_estimates(event=event, actor=world.users["regulator_y"], insured_deaths=1)


def test_staff_record_on_a_regulators_behalf_and_the_office_must_be_allowed_the_step(world):
    event = make_event(world)
    staff = world.users["staff"]
    with pytest.raises(PermissionDenied):  # a sub-bureau's step at level II does not exist
        response_open(event=event, actor=staff, level=Grade.II, on_behalf_of=world.sub_bureau_x, now=LATER)
    with pytest.raises(PermissionDenied):  # another prefecture's sub-bureau
        response_open(event=event, actor=staff, level=Grade.III, on_behalf_of=world.sub_bureau_y, now=LATER)
    with pytest.raises(PermissionDenied):  # only staff name an office
        response_open(
            event=event, actor=world.users["regulator_x"], level=Grade.III, on_behalf_of=world.bureau, now=LATER
        )
    response = response_open(event=event, actor=staff, level=Grade.III, on_behalf_of=world.sub_bureau_x, now=LATER)
    opened = LevelChange.objects.get(response=response)
    assert opened.on_behalf and opened.office == world.sub_bureau_x and opened.actor == staff


def test_the_timeline_records_who_when_from_to_why_and_the_office(world):
    event = make_event(world)
    province, x = world.users["regulator_province"], world.users["regulator_x"]
    response = response_open(event=event, actor=x, level=Grade.III, reason="伊犁洪涝", now=LATER)
    response_change_level(response=response, actor=province, level=Grade.II, reason="灾情扩大", now=LATER)
    request = response_change_level(response=response, actor=province, level=Grade.I, reason="特别重大", now=LATER)
    level_request_decide(
        change=request, actor=world.users["staff"], approve=False, note="总局未批准", on_behalf_of=world.bureau
    )
    event_declare_grade(event=event, actor=province, grade=Grade.II, reason="社会影响大")
    response_terminate(response=response, actor=province, reason="处置结束")
    steps = list(LevelChange.objects.filter(event=event).order_by("at", "id"))
    level_steps = [(c.from_value, c.to_value, c.actor, c.office, c.on_behalf) for c in steps if c.kind == "level"]
    assert level_steps == [
        ("", "III", x, world.sub_bureau_x, False),
        ("III", "II", province, world.bureau, False),
        ("II", "I", province, world.bureau, False),
        ("II", "", province, world.bureau, False),
    ]
    request.refresh_from_db()
    assert request.status == ChangeStatus.REJECTED and request.decided_by == world.users["staff"]
    assert request.decided_on_behalf and "总局未批准" in request.reason
    assert Response.objects.get(pk=response.pk).level == Grade.II
    declared = next(c for c in steps if c.kind == "declared")
    assert declared.reason == "社会影响大" and declared.office == world.bureau


def test_a_declared_grade_needs_a_reason_and_a_known_grade(world):
    event = make_event(world)
    with pytest.raises(ValidationError):
        event_declare_grade(event=event, actor=world.users["regulator_province"], grade="IV", reason="x")
    with pytest.raises(ValidationError):
        event_declare_grade(event=event, actor=world.users["regulator_province"], grade=Grade.II, reason="  ")


# --- pages ------------------------------------------------------------------------------------------------


def test_the_record_button_and_page_for_those_who_record(world, client):
    for who in ("staff", "regulator_province", "regulator_x"):
        page = client_for(client, world.users[who]).get("/disasters/").content.decode()
        assert 'id="record-event"' in page
    for who in ("member_a_manager", "mediator"):
        c = client_for(client, world.users[who])
        assert 'id="record-event"' not in c.get("/disasters/").content.decode()
        assert c.get("/disasters/record/").status_code == 404


def _event_post(world, **over):
    data = {
        "title": "昭苏冰雹", "hazard": "hail", "occurred_at": "2026-07-01T08:00", "known_at": "2026-07-01T09:00",
        "regions": [world.region_x.pk], "est_property_loss": "60000000", "est_casualty_payout": "0",
        "insured_deaths": "0", "injured": "0",
    }  # fmt: skip
    return data | over


def test_a_regulator_records_an_event_and_bad_input_gives_form_errors(world, client):
    c = client_for(client, world.users["regulator_x"])
    for bad in (
        {"known_at": "2026-06-30T09:00"},  # known before it occurred
        {"est_property_loss": "-5"},
        {"insured_deaths": "abc"},
        {"regions": [world.region_y.pk]},  # not its region
        {"occurred_at": "0001-01-01T00:00"},
        {"title": ""},
    ):
        r = c.post("/disasters/record/", _event_post(world, **bad))
        assert r.status_code == 200 and "invalid-feedback" in r.content.decode(), bad
    assert not Event.objects.exists()
    r = c.post("/disasters/record/", _event_post(world))
    event = Event.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/disasters/{event.pk}/"
    assert event.computed_grade == Grade.II and event.created_by == world.users["regulator_x"]


@pytest.mark.parametrize(
    "query, grade",
    [
        ("est_property_loss=10000000", "III"),
        ("est_property_loss=9999999.99", None),
        ("est_casualty_payout=20000000", "I"),
        ("insured_deaths=10&est_property_loss=1", "II"),
        ("insured_deaths=abc", None),
        ("est_property_loss=-1", None),
        ("est_property_loss=NaN", None),
        ("est_property_loss=1e400&occurred_at=garbage", "I"),
        ("insured_deaths=5&occurred_at=2026-07-01T08:00", "III"),
    ],
)
def test_the_grade_preview_runs_the_grading_function(world, client, query, grade):
    r = client_for(client, world.users["regulator_x"]).get(f"/disasters/grade-preview/?{query}")
    assert r.status_code == 200
    assert json.loads(r.content)["grade"] == grade


def test_the_event_page_for_an_affected_member_shows_its_own_rows_and_its_report_link(world, client):
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(name="丙财险伊犁支公司", region=world.region_x)
    event = make_event(world, organisations=[world.org_a_branch, other])
    response_open(event=event, actor=world.users["regulator_x"], level=Grade.III, now=KNOWN)
    page = client_for(client, world.users["member_a_reporter"]).get(f"/disasters/{event.pk}/").content.decode()
    assert str(world.org_a_branch) in page and str(other) not in page
    assert f"/disasters/{event.pk}/loss-report/" in page and 'id="history"' in page
    assert 'id="event-steps"' not in page and 'id="timeliness"' not in page
    assert client_for(client, world.users["member_b"]).get(f"/disasters/{event.pk}/").status_code == 404


def test_each_office_sees_exactly_its_steps(world, client):
    event = make_event(world)
    url = f"/disasters/{event.pk}/"
    page = client_for(client, world.users["regulator_x"]).get(url).content.decode()
    assert 'id="step-open"' in page and 'id="step-terminate"' not in page
    open_page = client_for(client, world.users["regulator_x"]).get(f"{url}steps/open/").content.decode()
    assert 'value="III"' in open_page and 'value="II"' not in open_page
    response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    c = client_for(client, world.users["regulator_x"])
    page = c.get(url).content.decode()
    assert 'id="step-change"' not in page and 'id="step-terminate"' not in page
    assert c.get(f"{url}steps/change/").status_code == 404 and c.get(f"{url}steps/terminate/").status_code == 404
    page = client_for(client, world.users["regulator_province"]).get(url).content.decode()
    assert 'id="step-change"' in page and 'id="step-terminate"' in page and 'id="step-open"' not in page
    assert client_for(client, world.users["regulator_y"]).get(f"{url}steps/open/").status_code == 404
    assert client_for(client, world.users["member_a_manager"]).get(f"{url}steps/open/").status_code == 404
    assert client_for(client, world.users["regulator_province"]).get(f"{url}steps/nonsense/").status_code == 404


def test_steps_in_the_portal_with_errors_then_done(world, client):
    event = make_event(world)
    url = f"/disasters/{event.pk}/steps/"
    c = client_for(client, world.users["regulator_x"])
    r = c.post(f"{url}open/", {"level": "II", "reason": ""})  # not its level: a form error, never a 5xx
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    assert c.post(f"{url}open/", {"level": "III", "reason": "伊犁洪涝"}).status_code == 302
    p = client_for(client, world.users["regulator_province"])
    r = p.post(f"{url}change/", {"level": "II", "reason": ""})  # a reason is needed
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    assert p.post(f"{url}change/", {"level": "II", "reason": "灾情扩大"}).status_code == 302
    assert p.post(f"{url}change/", {"level": "I", "reason": "特别重大"}).status_code == 302
    assert Response.objects.get().level == Grade.II
    assert p.post(f"{url}decide/", {"approve": "yes", "note": "总局批准"}).status_code == 302
    assert Response.objects.get().level == Grade.I
    assert p.post(f"{url}declare/", {"grade": "I", "reason": ""}).status_code == 200
    assert p.post(f"{url}declare/", {"grade": "I", "reason": "社会影响"}).status_code == 302
    assert p.post(f"{url}terminate/", {"reason": "处置结束"}).status_code == 302
    assert Response.objects.get().terminated_at is not None


def test_staff_name_the_office_and_the_page_shows_it_as_recorded_on_its_behalf(world, client):
    event = make_event(world)
    c = client_for(client, world.users["staff"])
    url = f"/disasters/{event.pk}/steps/open/"
    r = c.post(url, {"level": "III", "reason": ""})  # the office is required of staff
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    r = c.post(url, {"level": "II", "reason": "", "on_behalf_of": world.sub_bureau_x.pk})  # not the sub-bureau's
    assert r.status_code == 200 and not Response.objects.exists()
    assert c.post(url, {"level": "III", "reason": "", "on_behalf_of": world.sub_bureau_x.pk}).status_code == 302
    page = c.get(f"/disasters/{event.pk}/").content.decode()
    assert "on-behalf" in page and str(world.sub_bureau_x) in page


def test_confirmation_before_irreversible_steps(world, client):
    event = make_event(world)
    c = client_for(client, world.users["regulator_province"])
    for step in ("open", "declare"):
        assert "data-confirm=" in c.get(f"/disasters/{event.pk}/steps/{step}/").content.decode()
    response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    for step in ("change", "terminate"):
        assert "data-confirm=" in c.get(f"/disasters/{event.pk}/steps/{step}/").content.decode()


def test_the_event_page_query_count_with_a_long_history(world, client, django_assert_max_num_queries):
    event = make_event(world)
    province = world.users["regulator_province"]
    response = response_open(event=event, actor=province, level=Grade.III, now=KNOWN)
    for i in range(6):
        level = Grade.II if i % 2 == 0 else Grade.III
        response_change_level(response=response, actor=province, level=level, reason=f"第{i}次", now=LATER)
    for who in ("regulator_province", "staff", "member_a_manager"):
        c = client_for(client, world.users[who])
        with django_assert_max_num_queries(30):
            assert c.get(f"/disasters/{event.pk}/").status_code == 200


def test_business_status_through_the_api_and_in_the_roll_call(world, client):
    from tests.disasters.helpers import FIGURES

    event = make_event(world)
    c = client_for(client, world.users["member_a_reporter"])
    data = {k: str(v) for k, v in FIGURES.items()} | {"organisation": world.org_a_branch.pk, "business_status": "x"}
    url = f"/api/v1/disasters/events/{event.pk}/loss-reports/"
    r = c.post(url, data, content_type="application/json")
    assert r.status_code == 400 and "business_status" in r.json()
    r = c.post(url, data | {"business_status": "closed"}, content_type="application/json")
    assert r.status_code == 201 and r.json()["business_status"] == "closed"
    page = client_for(client, world.users["regulator_x"]).get(f"/disasters/{event.pk}/").content.decode()
    assert 'data-status="closed"' in page
