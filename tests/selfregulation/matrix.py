"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

Objects belong to A's branch (region X): seen by staff, A's users, regulator X and the provincial bureau;
member B and regulator Y get 404. Mediators have no business here (404 on every page, empty API lists).
Read-only viewers get 403 on writes they can see.
"""

from tests.conftest import ROLES
from tests.matrix_tables import api, page
from tests.selfregulation.helpers import (
    FIGURES,
    matrix_circular,
    matrix_convention,
    matrix_finding,
    matrix_report,
    matrix_return,
    matrix_submitted,
)

ALL = set(ROLES) - {"anonymous"}
USERS = ALL - {"mediator"}
SEES = {"staff", "member_a_manager", "member_a_reporter", "regulator_x", "regulator_province"}
A_USERS = {"member_a_manager", "member_a_reporter"}
REGULATORS = {"regulator_x", "regulator_y", "regulator_province"}


def _inspection(w):
    return matrix_finding(w).inspection


def _target_url(w):
    inspection = _inspection(w)
    return f"/selfregulation/inspections/{inspection.pk}/targets/{inspection.targets.get().pk}/"


def _new_inspection(w):
    from tests.selfregulation.helpers import checklist

    return {
        "title": "矩阵检查",
        "kind": "on_site",
        "line": "consumer_protection",
        "checklist": checklist().pk,
        "planned_start": "2026-04-01",
        "planned_end": "2026-04-10",
        "organisations": [w.org_a_branch.pk],
    }


def _scores(w):
    from tests.selfregulation.helpers import checklist

    return {f"score_{checklist().items.first().pk}": "5"}


def _return_form(w):
    return {"organisation": w.org_a_branch.pk, "month": "2026-02", **FIGURES}


def _return_api(w):
    return {"organisation": w.org_a_branch.pk, "month": "2026-02", **FIGURES}


SIGNED = {**page(USERS, ok=302, acts={"staff", "member_a_manager", "member_b"})}

ROWS: list = [
    ("selfregulation-home", "get", lambda w: "/selfregulation/", None, page(USERS)),
    ("selfregulation-inspection-create", "get", lambda w: "/selfregulation/inspections/new/", None, page({"staff"})),
    (
        "selfregulation-inspection-create",
        "post",
        lambda w: "/selfregulation/inspections/new/",
        _new_inspection,
        page({"staff"}, ok=302),
    ),
    (
        "selfregulation-inspection-detail",
        "get",
        lambda w: f"/selfregulation/inspections/{_inspection(w).pk}/",
        None,
        page(SEES),
    ),
    (
        "selfregulation-inspection-action",
        "post",
        lambda w: f"/selfregulation/inspections/{_inspection(w).pk}/action/",
        lambda w: {"action": "advance", "to": "in_progress"},
        page(SEES, ok=302, acts={"staff"}),
    ),
    ("selfregulation-target", "get", _target_url, None, page(SEES)),
    ("selfregulation-target", "post", _target_url, _scores, page(SEES, ok=302, acts={"staff"})),
    ("selfregulation-findings", "get", lambda w: "/selfregulation/findings/", None, page(USERS)),
    (
        "selfregulation-finding-detail",
        "get",
        lambda w: f"/selfregulation/findings/{matrix_finding(w).pk}/",
        None,
        page(SEES),
    ),
    (
        "selfregulation-finding-rectification",
        "post",
        lambda w: f"/selfregulation/findings/{matrix_finding(w).pk}/rectification/",
        lambda w: {"action": "submit", "text": "已整改完毕"},
        page(SEES, ok=302, acts={"staff"} | A_USERS),
    ),
    ("selfregulation-rectifications", "get", lambda w: "/selfregulation/rectifications/", None, page(USERS)),
    ("selfregulation-circulars", "get", lambda w: "/selfregulation/circulars/", None, page(USERS)),
    (
        "selfregulation-circular-pdf",
        "get",
        lambda w: f"/selfregulation/circulars/{matrix_circular(w).pk}/pdf/",
        None,
        page(USERS),
    ),
    ("selfregulation-conventions", "get", lambda w: "/selfregulation/conventions/", None, page(USERS)),
    (
        "selfregulation-convention-document",
        "get",
        lambda w: f"/selfregulation/conventions/{matrix_convention(w, document=True).pk}/document/",
        None,
        page(USERS),
    ),
    (
        "selfregulation-convention-sign",
        "post",
        lambda w: f"/selfregulation/conventions/{matrix_convention(w).pk}/sign/",
        lambda w: {"organisation": w.org_a.pk},
        SIGNED,
    ),
    (
        "selfregulation-statistics",
        "get",
        lambda w: "/selfregulation/statistics/",
        None,
        page({"staff"} | REGULATORS),
    ),
    ("selfregulation-returns", "get", lambda w: "/selfregulation/monitoring/", None, page(USERS)),
    (
        "selfregulation-returns",
        "post",
        lambda w: "/selfregulation/monitoring/",
        _return_form,
        {**page(USERS, ok=302, acts={"staff", "member_b"} | A_USERS), "member_b": 200},
    ),
    (
        "selfregulation-returns-upload",
        "post",
        lambda w: "/selfregulation/monitoring/upload/",
        None,
        page(USERS, ok=302, acts={"staff", "member_b"} | A_USERS),
    ),
    (
        "selfregulation-analyse",
        "post",
        lambda w: "/selfregulation/monitoring/analyse/",
        lambda w: {"month": "2026-01"},
        page(USERS, ok=302, acts={"staff"}),
    ),
    (
        "selfregulation-report",
        "get",
        lambda w: f"/selfregulation/monitoring/reports/{matrix_report(w).pk}/",
        None,
        page(USERS),
    ),
    ("api-selfregulation:inspection-list", "get", lambda w: "/api/v1/selfregulation/inspections/", None, api(ALL)),
    (
        "api-selfregulation:inspection-list",
        "post",
        lambda w: "/api/v1/selfregulation/inspections/",
        _new_inspection,
        api(ALL, ok=201, acts={"staff"}),
    ),
    (
        "api-selfregulation:inspection-detail",
        "get",
        lambda w: f"/api/v1/selfregulation/inspections/{_inspection(w).pk}/",
        None,
        api(SEES),
    ),
    ("api-selfregulation:finding-list", "get", lambda w: "/api/v1/selfregulation/findings/", None, api(ALL)),
    (
        "api-selfregulation:finding-detail",
        "get",
        lambda w: f"/api/v1/selfregulation/findings/{matrix_finding(w).pk}/",
        None,
        api(SEES),
    ),
    (
        "api-selfregulation:rectification-list",
        "get",
        lambda w: "/api/v1/selfregulation/rectifications/",
        None,
        api(ALL),
    ),
    (
        "api-selfregulation:rectification-detail",
        "get",
        lambda w: f"/api/v1/selfregulation/rectifications/{matrix_finding(w).rectification.pk}/",
        None,
        api(SEES),
    ),
    (
        "api-selfregulation:rectification-submit",
        "post",
        lambda w: f"/api/v1/selfregulation/rectifications/{matrix_finding(w).rectification.pk}/submit/",
        lambda w: {"text": "已整改完毕"},
        api(SEES, acts={"staff"} | A_USERS),
    ),
    (
        "api-selfregulation:rectification-review",
        "post",
        lambda w: f"/api/v1/selfregulation/rectifications/{matrix_submitted(w).rectification.pk}/review/",
        lambda w: {"decision": "return", "comment": "缺少台账"},
        api(SEES, acts={"staff"}),
    ),
    (
        "api-selfregulation:return-list",
        "get",
        lambda w: "/api/v1/selfregulation/monitoring/returns/",
        None,
        api(ALL),
    ),
    (
        "api-selfregulation:return-list",
        "post",
        lambda w: "/api/v1/selfregulation/monitoring/returns/",
        _return_api,
        # another company's organisation id reads like a missing one: "does not exist" (400), not 403
        {**api(ALL, ok=201, acts={"staff"} | A_USERS), "member_b": 400},
    ),
    (
        "api-selfregulation:return-detail",
        "get",
        lambda w: f"/api/v1/selfregulation/monitoring/returns/{matrix_return(w).pk}/",
        None,
        api(SEES),
    ),
]
