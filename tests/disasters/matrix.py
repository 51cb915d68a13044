"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

Each row: (route name, method, url builder(world), payload builder(world) or None, {role: status}).
The event is a flood in prefecture X by which only A's branch is affected: B (also in X) is not.
"""

from tests.conftest import ROLES

#: who sees the event: staff, A's users (their branch is affected), regulators of X and the province
EVENT_READERS = {"staff", "member_a_manager", "member_a_reporter", "regulator_x", "regulator_province"}
DASHBOARD = {"staff", "regulator_x", "regulator_province"}
A_USERS = {"member_a_manager", "member_a_reporter"}
#: who records events (a sub-bureau in its own region): staff and every regulator
RECORDERS = DASHBOARD | {"regulator_y"}


def _page(visible):
    return {r: (302 if r == "anonymous" else 200 if r in visible else 404) for r in ROLES}


def _api(visible, ok=200):
    return {r: (401 if r == "anonymous" else ok if r in visible else 404) for r in ROLES}


def _event(w):
    from tests.disasters.helpers import make_event

    return make_event(w)


def _summary(w):
    from disasters.services.summaries import summary_generate

    return summary_generate(event=_event(w))


def _report_payload(w):
    return {
        "organisation": w.org_a_branch.pk,
        "policies_affected": 3,
        "claims_reported": 2,
        "estimated_loss": "50000.00",
        "claims_paid": "0.00",
        "advance_payments": "0.00",
    }


POST_REPORT = {
    **_api(EVENT_READERS, ok=201),
    "mediator": 403,  # writes need a member company (or staff) role, whatever the event
    "regulator_x": 403,
    "regulator_y": 403,
    "regulator_province": 403,
}

ROWS: list = [
    ("disaster-event-list", "get", lambda w: "/disasters/", None, _page(set(ROLES))),
    ("disaster-event-detail", "get", lambda w: f"/disasters/{_event(w).pk}/", None, _page(EVENT_READERS)),
    ("disaster-event-record", "get", lambda w: "/disasters/record/", None, _page(RECORDERS)),
    ("disaster-grade-preview", "get", lambda w: "/disasters/grade-preview/?insured_deaths=5", None, _page(RECORDERS)),
    ("disaster-event-estimates", "get", lambda w: f"/disasters/{_event(w).pk}/estimates/", None, _page(DASHBOARD)),
    ("disaster-event-step", "get", lambda w: f"/disasters/{_event(w).pk}/steps/open/", None, _page(DASHBOARD)),
    ("disaster-loss-report", "get", lambda w: f"/disasters/{_event(w).pk}/loss-report/", None, _page(A_USERS)),
    (
        "disaster-summary-download",
        "get",
        lambda w: f"/disasters/summaries/{_summary(w).pk}/xlsx/",
        None,
        _page(DASHBOARD - {"regulator_x"}),  # province-wide: a sub-bureau reads its region on the event page
    ),
    ("api-disasters:event-list", "get", lambda w: "/api/v1/disasters/events/", None, _api(set(ROLES))),
    (
        "api-disasters:event-detail",
        "get",
        lambda w: f"/api/v1/disasters/events/{_event(w).pk}/",
        None,
        _api(EVENT_READERS),
    ),
    (
        "api-disasters:event-loss-reports",
        "get",
        lambda w: f"/api/v1/disasters/events/{_event(w).pk}/loss-reports/",
        None,
        _api(EVENT_READERS),
    ),
    (
        "api-disasters:event-loss-reports",
        "post",
        lambda w: f"/api/v1/disasters/events/{_event(w).pk}/loss-reports/",
        _report_payload,
        POST_REPORT,
    ),
    (
        "api-disasters:event-summary",
        "get",
        lambda w: f"/api/v1/disasters/events/{_event(w).pk}/summary/",
        None,
        _api(DASHBOARD),
    ),
]
