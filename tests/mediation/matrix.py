"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

Each row: (route name, method, url builder(world), payload builder(world) or None, {role: status}).

The case is against A's branch (region X) and assigned to the world's mediator, so it is seen by staff,
the mediator, A's users, regulator X and the provincial bureau; member B and regulator Y get 404.
Read-only roles that see it get 403 on workflow steps and on the full personal data.
"""

from datetime import date

from tests.conftest import ROLES
from tests.matrix_tables import api, page
from tests.mediation.helpers import matrix_case

SEES_CASE = {"staff", "mediator", "member_a_manager", "member_a_reporter", "regulator_x", "regulator_province"}
ACTS = {"staff", "mediator"}
STATS = {"staff", "regulator_x", "regulator_y", "regulator_province"}


def _case_url(w, suffix=""):
    return f"/mediation/cases/{matrix_case(w).pk}/{suffix}"


def _api_url(w, suffix=""):
    return f"/api/v1/mediation/cases/{matrix_case(w).pk}/{suffix}"


def _new_case(w):
    return {
        "source": "complaint",
        "channel": "hotline",
        "consumer_name": "李四",
        "consumer_id_number": "11010519491231002X",
        "consumer_phone": "13900001111",
        "respondent": w.org_a_branch.pk,
        "line": "health",
        "amount_in_dispute": "5000.00",
        "received_on": "2026-03-02",
    }


SESSION = {"action": "session", "mode": "phone", "date": "2026-03-10", "notes": "电话调解"}
ALL = set(ROLES) - {"anonymous"}

ROWS: list = [
    ("mediation-case-list", "get", lambda w: "/mediation/cases/", None, page(ALL)),
    ("mediation-case-create", "get", lambda w: "/mediation/cases/new/", None, page({"staff"})),
    ("mediation-case-create", "post", lambda w: "/mediation/cases/new/", _new_case, page({"staff"}, ok=302)),
    ("mediation-case-detail", "get", lambda w: _case_url(w), None, page(SEES_CASE)),
    (
        "mediation-case-action",
        "post",
        lambda w: _case_url(w, "action/"),
        lambda w: SESSION,
        page(SEES_CASE, ok=302, acts=ACTS),
    ),
    (
        "mediation-case-personal-data",
        "post",
        lambda w: _case_url(w, "personal-data/"),
        None,
        page(SEES_CASE, acts=ACTS),
    ),
    ("mediation-statistics", "get", lambda w: "/mediation/statistics/", None, page(STATS)),
    ("mediation-statistics", "get", lambda w: "/mediation/statistics/?format=xlsx", None, page(STATS)),
    ("api-mediation:case-list", "get", lambda w: "/api/v1/mediation/cases/", None, api(ALL)),
    (
        "api-mediation:case-list",
        "post",
        lambda w: "/api/v1/mediation/cases/",
        _new_case,
        api(ALL, ok=201, acts={"staff"}),
    ),
    ("api-mediation:case-detail", "get", lambda w: _api_url(w), None, api(SEES_CASE)),
    (
        "api-mediation:case-transition",
        "post",
        lambda w: _api_url(w, "transition/"),
        lambda w: SESSION,
        api(SEES_CASE, acts=ACTS),
    ),
    (
        "api-mediation:case-personal-data",
        "get",
        lambda w: _api_url(w, "personal-data/"),
        None,
        api(SEES_CASE, acts=ACTS),
    ),
    (
        "api-mediation:statistics",
        "get",
        lambda w: "/api/v1/mediation/statistics/?date_from=2026-01-01&date_to=2026-12-31",
        None,
        api(STATS, denied=403),
    ),
]


def _publication_url(w):
    from mediation.services.statistics import statistics_published

    publication = statistics_published(kind="monthly", period_start=date(2026, 2, 1), period_end=date(2026, 2, 28))
    return f"/mediation/statistics/published/{publication.pk}/"


#: the province's published figures: staff and the provincial regulator (who see every case)
PROVINCE_FIGURES = {"staff", "regulator_province"}
ROWS.append(("mediation-statistics-published", "get", _publication_url, None, page(PROVINCE_FIGURES)))
