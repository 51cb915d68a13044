"""Isolation matrix: every URL and every API operation, for every role, on objects owned by A.

Each row names a URL (by route name, built from the world) and the status each role gets.
A route added to the project without a row here fails `test_every_route_is_in_the_matrix`:
later apps extend MATRIX (or EXEMPT, with a reason).
"""

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from association.choices import ObligationKind
from tests.accounts.matrix import ROWS as ACCOUNTS_ROWS
from tests.association import test_obligation_pages as ob_pages
from tests.campaigns.matrix import ROWS as CAMPAIGNS_ROWS
from tests.conftest import ROLES, client_for
from tests.disasters.matrix import ROWS as DISASTERS_ROWS
from tests.governance.matrix import ROWS as GOVERNANCE_ROWS
from tests.mediation.matrix import ROWS as MEDIATION_ROWS
from tests.messaging.matrix import ROWS as MESSAGING_ROWS
from tests.selfregulation.matrix import ROWS as SELFREGULATION_ROWS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # rows whose builders store files (attachments) write here


ALL_SIGNED_IN = [r for r in ROLES if r != "anonymous"]
SEES_A_BRANCH = {"staff", "mediator", "member_a_manager", "member_a_reporter", "regulator_x", "regulator_province"}
#: what A's branch owes and receives: mediators read the directory, not members' obligations or notices
OB_READERS = SEES_A_BRANCH - {"mediator"}


def contacts_confirmation(w):
    return ob_pages.make(w.org_a_branch, kind=ObligationKind.CONTACTS_CONFIRMATION, title="确认联系人名录")


def expect(default, **overrides):
    table = dict.fromkeys(ROLES, default)
    table.update(overrides)
    return table


def read_page(visible=SEES_A_BRANCH, ok=200, anon=302):
    return {r: (anon if r == "anonymous" else ok if r in visible else 404) for r in ROLES}


def read_api(visible=SEES_A_BRANCH, ok=200):
    return {r: (401 if r == "anonymous" else ok if r in visible else 404) for r in ROLES}


# (route name, method, url builder, payload builder, expected statuses by role)
MATRIX = [
    ("home", "get", lambda w: "/", None, expect(302)),
    ("healthz", "get", lambda w: "/healthz", None, expect(200)),
    ("login", "get", lambda w: "/accounts/login/", None, expect(302, anonymous=200)),
    ("logout", "post", lambda w: "/accounts/logout/", None, expect(302)),
    ("set_language", "post", lambda w: "/i18n/setlang/", lambda w: {"language": "en"}, expect(302)),
    ("staff-home", "get", lambda w: "/staff/", None, read_page({"staff"})),
    ("overview", "get", lambda w: "/overview/", None, expect(200, anonymous=302)),  # a mediator's: their cases
    (
        "overview-export",
        "get",
        lambda w: "/overview/export/obligations-by-organisation.xlsx?period=ytd",
        None,
        read_page({"staff", "regulator_x", "regulator_y", "regulator_province"}),
    ),
    (
        "overview-export",
        "get",
        lambda w: "/overview/export/owed.xlsx",
        None,
        read_page({"member_a_manager", "member_a_reporter", "member_b"}),
    ),
    ("organisation-list", "get", lambda w: "/organisations/", None, expect(200, anonymous=302)),
    ("organisation-detail", "get", lambda w: f"/organisations/{w.org_a_branch.pk}/", None, read_page()),
    (
        "contact-edit",
        "get",
        lambda w: f"/organisations/{w.org_a_branch.pk}/contacts/disaster/B/",
        None,
        {**read_page(), "mediator": 403, "member_a_reporter": 403, "regulator_x": 403, "regulator_province": 403},
    ),
    (
        "region-overview",
        "get",
        lambda w: f"/regions/{w.region_x.code}/",
        None,
        read_page(SEES_A_BRANCH | {"member_b"}),
    ),
    ("api-schema", "get", lambda w: "/api/schema/", None, expect(200)),
    ("api-docs", "get", lambda w: "/api/docs/", None, expect(200)),
    (
        "api:api-token",
        "post",
        lambda w: "/api/v1/auth/token/",
        lambda w: {"username": "x", "password": "y"},
        expect(400),
    ),
    ("api:api-root", "get", lambda w: "/api/v1/", None, expect(200, anonymous=401)),
    ("api:region-list", "get", lambda w: "/api/v1/regions/", None, expect(200, anonymous=401)),
    ("api:region-detail", "get", lambda w: f"/api/v1/regions/{w.region_x.pk}/", None, expect(200, anonymous=401)),
    ("api:organisation-list", "get", lambda w: "/api/v1/organisations/", None, expect(200, anonymous=401)),
    ("api:organisation-detail", "get", lambda w: f"/api/v1/organisations/{w.org_a_branch.pk}/", None, read_api()),
    (
        "api:organisation-detail",
        "patch",
        lambda w: f"/api/v1/organisations/{w.org_a_branch.pk}/",
        lambda w: {"phone": "0999-8123456"},
        {**expect(403, anonymous=401), "staff": 200},
    ),
    (
        "api:organisation-detail",
        "delete",
        lambda w: f"/api/v1/organisations/{w.org_a_branch.pk}/",
        None,
        # staff may delete an organisation with no dependants; here it has contacts (cascade) -> 204
        {**expect(403, anonymous=401), "staff": 204},
    ),
    (
        "api:organisation-list",
        "post",
        lambda w: "/api/v1/organisations/",
        lambda w: {"name": "x", "kind": "broker", "tier": "provincial", "credit_code": "91350100M000100Y43"},
        {**expect(403, anonymous=401), "staff": 201},
    ),
    ("api:contact-list", "get", lambda w: "/api/v1/contacts/", None, expect(200, anonymous=401)),
    ("api:contact-detail", "get", lambda w: f"/api/v1/contacts/{w.contact_a_branch.pk}/", None, read_api()),
    (
        "api:contact-detail",
        "patch",
        lambda w: f"/api/v1/contacts/{w.contact_a_branch.pk}/",
        lambda w: {"name": "新名字", "effective_from": "2026-11-02"},  # a new person comes with their date
        # member B manages B only: A's contact is out of its queryset -> 404, never a 403 that confirms it
        {**expect(403, anonymous=401), "staff": 200, "member_a_manager": 200, "member_b": 404},
    ),
    (
        "api:contact-detail",
        "delete",
        lambda w: f"/api/v1/contacts/{w.contact_a_branch.pk}/",
        None,
        {**expect(403, anonymous=401), "staff": 204, "member_a_manager": 204, "member_b": 404},
    ),
    (
        "api:contact-list",
        "post",
        lambda w: "/api/v1/contacts/",
        lambda w: {
            "organisation": w.org_a_branch.pk,
            "duty": "publicity",
            "slot": "A",
            "name": "新联系人",
            "phone": "13912345678",
            "email": "new@example.org",
        },
        # B cannot name A's organisation: it is not among the choices B may see
        {**expect(403, anonymous=401), "staff": 201, "member_a_manager": 201, "member_b": 400},
    ),
    (
        "admin:association_organisation_change",
        "get",
        lambda w: f"/admin/association/organisation/{w.org_a_branch.pk}/change/",
        None,
        expect(302, staff=200),
    ),
    (
        "admin:association_contactperson_change",
        "get",
        lambda w: f"/admin/association/contactperson/{w.contact_a_branch.pk}/change/",
        None,
        expect(302, staff=200),
    ),
    (
        "admin:association_organisation_export",
        "get",
        lambda w: "/admin/association/organisation/export/",
        None,
        expect(302, staff=200),
    ),
    # reports: staff and regulators (their region's reports); no access at all -> 404
    (
        "report-list",
        "get",
        lambda w: "/reports/",
        None,
        read_page({"staff", "regulator_x", "regulator_y", "regulator_province"}),
    ),
    (
        "report-download",
        "get",
        # a report of prefecture X; the helper is imported here to keep this edit inside MATRIX
        lambda w: (
            f"/reports/{__import__('tests.association.test_reports', fromlist=['x']).matrix_report(w).pk}/download/"
        ),
        None,
        read_page({"staff", "regulator_x", "regulator_province"}),
    ),
    # obligations: what A's branch owes; members of A submit, staff review, regulator X reads
    ("inbox", "get", lambda w: "/inbox/", None, expect(200, anonymous=302)),
    (
        "obligation-detail",
        "get",
        lambda w: f"/obligations/{ob_pages.matrix_obligation(w).pk}/",
        None,
        read_page(OB_READERS),
    ),
    (
        "obligation-detail",
        "post",
        lambda w: f"/obligations/{ob_pages.matrix_obligation(w).pk}/",
        lambda w: {"action": "submit", "text": "已报送"},
        # read-only roles that see it: 403; out of scope: 404
        {**read_page(OB_READERS, ok=403), "staff": 302, "member_a_manager": 302, "member_a_reporter": 302},
    ),
    (
        "obligation-detail",
        "post",
        lambda w: f"/obligations/{ob_pages.matrix_obligation(w, submitted=True).pk}/",
        lambda w: {"action": "accept"},
        {**read_page(OB_READERS, ok=403), "staff": 302},
    ),
    (
        "obligation-detail",
        "post",
        lambda w: f"/obligations/{ob_pages.matrix_obligation(w, submitted=True).pk}/",
        lambda w: {"action": "return", "return-comment": "缺少盖章页"},
        {**read_page(OB_READERS, ok=403), "staff": 302},
    ),
    # the annual contacts confirmation's page: read as its obligation; confirmed by those who act for the company
    # (refused with a clear error here: the world's organisations lack most contacts), 403 for regulators
    (
        "contacts-confirmation",
        "get",
        lambda w: f"/obligations/{contacts_confirmation(w).pk}/contacts/",
        None,
        read_page(OB_READERS),
    ),
    (
        "contacts-confirmation",
        "post",
        lambda w: f"/obligations/{contacts_confirmation(w).pk}/contacts/",
        lambda w: {},
        read_page(OB_READERS - {"regulator_x", "regulator_province"}) | {"regulator_x": 403, "regulator_province": 403},
    ),
    # staff change an obligation's due time or cancel it; who else may see it is refused, others get the 404
    (
        "obligation-due-change",
        "get",
        lambda w: f"/obligations/{ob_pages.matrix_obligation(w).pk}/due/",
        None,
        {**read_page(OB_READERS, ok=403), "staff": 200},
    ),
    (
        "obligation-due-change",
        "post",
        lambda w: f"/obligations/{ob_pages.matrix_obligation(w).pk}/due/",
        lambda w: {"due_at": (timezone.localtime() + dt.timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")},
        {**read_page(OB_READERS, ok=403), "staff": 302},
    ),
    (
        "obligation-cancel",
        "post",
        lambda w: f"/obligations/{ob_pages.matrix_obligation(w).pk}/cancel/",
        lambda w: {"reason": "不再需要报送"},
        {**read_page(OB_READERS, ok=403), "staff": 302},
    ),
    # "accept selected" in the review queue: staff only (a member's own obligation included)
    (
        "inbox-accept-selected",
        "post",
        lambda w: "/inbox/accept-selected/",
        lambda w: {"obligation": str(ob_pages.matrix_obligation(w, submitted=True).pk)},
        expect(403, anonymous=302, staff=302),
    ),
    (
        "attachment-download",
        "get",
        lambda w: f"/attachments/{ob_pages.matrix_attachment(w).pk}/",
        None,
        read_page(OB_READERS),
    ),
    (
        "compliance",
        "get",
        lambda w: "/compliance/",
        None,
        read_page({"staff", "regulator_x", "regulator_y", "regulator_province"}),
    ),
    (
        "compliance",
        "get",
        lambda w: "/compliance/?format=xlsx",
        None,
        read_page({"staff", "regulator_x", "regulator_y", "regulator_province"}),
    ),
    ("notifications", "get", lambda w: "/notifications/", None, expect(200, anonymous=302)),
    (
        "notification-open",
        "get",
        lambda w: f"/notifications/{ob_pages.matrix_notification(w).pk}/open/",  # A's manager's own
        None,
        read_page({"member_a_manager"}, ok=302),
    ),
    ("notifications-read-all", "post", lambda w: "/notifications/read-all/", None, expect(302)),
    ("notice-list", "get", lambda w: "/notices/", None, expect(200, anonymous=302)),
    ("notice-detail", "get", lambda w: f"/notices/{ob_pages.matrix_notice(w).pk}/", None, read_page(OB_READERS)),
    (
        "notice-detail",
        "get",
        lambda w: f"/notices/{ob_pages.matrix_notice(w, issued=False).pk}/",  # a draft: staff only
        None,
        read_page({"staff"}),
    ),
    (
        "notice-document",
        "get",
        lambda w: f"/notices/{ob_pages.matrix_notice(w, document=True).pk}/document/",
        None,
        read_page(OB_READERS),
    ),
    # staff's notice composer, preview, issue, reply status and reminders, saved groups: staff only, 404 otherwise
    ("notice-compose", "get", lambda w: "/notices/new/", None, read_page({"staff"})),
    (
        "notice-edit",
        "get",
        lambda w: f"/notices/{ob_pages.matrix_notice(w, issued=False).pk}/edit/",
        None,
        read_page({"staff"}),
    ),
    (
        "notice-preview",
        "get",
        lambda w: f"/notices/{ob_pages.matrix_notice(w, issued=False).pk}/preview/",
        None,
        read_page({"staff"}),
    ),
    (
        "notice-issue",
        "post",
        lambda w: f"/notices/{ob_pages.matrix_notice(w, issued=False).pk}/issue/",
        None,
        read_page({"staff"}, ok=302),
    ),
    (
        "notice-delete",
        "post",
        lambda w: f"/notices/{ob_pages.matrix_notice(w, issued=False).pk}/delete/",
        None,
        read_page({"staff"}, ok=302),
    ),
    (
        "notice-replies",
        "get",
        lambda w: f"/notices/{ob_pages.matrix_notice(w).pk}/replies/",
        None,
        read_page({"staff"}),
    ),
    (
        "notice-remind",
        "post",
        lambda w: f"/notices/{ob_pages.matrix_notice(w).pk}/remind/",
        None,
        read_page({"staff"}, ok=302),
    ),
    ("recipient-groups", "get", lambda w: "/notices/groups/", None, read_page({"staff"})),
    (
        "recipient-group-delete",
        "post",
        lambda w: f"/notices/groups/{ob_pages.matrix_recipient_group(w).pk}/delete/",
        None,
        read_page({"staff"}, ok=302),
    ),
    # the obligations API
    ("api:obligation-list", "get", lambda w: "/api/v1/obligations/", None, expect(200, anonymous=401)),
    (
        "api:obligation-detail",
        "get",
        lambda w: f"/api/v1/obligations/{ob_pages.matrix_obligation(w).pk}/",
        None,
        read_api(OB_READERS),
    ),
    (
        "api:obligation-submissions",
        "get",
        lambda w: f"/api/v1/obligations/{ob_pages.matrix_obligation(w, attachment=True).pk}/submissions/",
        None,
        read_api(OB_READERS),
    ),
    (
        "api:obligation-submissions",
        "post",
        lambda w: f"/api/v1/obligations/{ob_pages.matrix_obligation(w).pk}/submissions/",
        lambda w: {"text": "已报送"},
        {**read_api(OB_READERS, ok=403), "staff": 201, "member_a_manager": 201, "member_a_reporter": 201},
    ),
]

# the domain apps keep their rows beside their tests
MATRIX += (
    DISASTERS_ROWS
    + MEDIATION_ROWS
    + SELFREGULATION_ROWS
    + CAMPAIGNS_ROWS
    + ACCOUNTS_ROWS
    + MESSAGING_ROWS
    + GOVERNANCE_ROWS
)

#: routes not in MATRIX, with the reason
EXEMPT = {
    "admin": "every admin view requires is_staff (association staff); two representative rows are in MATRIX "
    "and test_admin_requires_staff covers the rest",
}


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else ""
            yield from _names(p.url_patterns, prefix + ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


def test_every_route_is_in_the_matrix():
    covered = {row[0] for row in MATRIX}
    names = set(_names(get_resolver().url_patterns))
    missing = sorted(n for n in names if n not in covered and n.split(":")[0] not in EXEMPT)
    assert not missing, f"routes without a row in the isolation matrix: {missing}"


def test_every_api_operation_is_in_the_matrix():
    """Every operation of the OpenAPI schema (path × method, as drf-spectacular enumerates them) has a
    row with that method: a new action on an existing route is not covered by the route's GET row."""
    from drf_spectacular.generators import EndpointEnumerator

    covered = {(row[0], row[1].lower()) for row in MATRIX}
    missing = []
    for path, _regex, method, _view in EndpointEnumerator().get_api_endpoints():
        view_name = resolve(re.sub(r"\{[^}]+\}", "1", path)).view_name
        if (view_name, method.lower()) not in covered:
            missing.append(f"{method} {path} ({view_name})")
    assert not missing, f"API operations without a row in the isolation matrix: {missing}"


CASES = [(row, role) for row in MATRIX for role in ROLES]


@pytest.mark.parametrize(("row", "role"), CASES, ids=[f"{r[1]}:{r[0]}:{role}" for r, role in CASES])
def test_isolation(world, client, row, role):
    _name, method, url_for, payload_for, expected = row
    c = client_for(client, world.users[role])
    url = url_for(world)
    payload = payload_for(world) if payload_for else None
    if url.startswith("/api/") and method in {"post", "patch"}:
        response = getattr(c, method)(url, data=payload, content_type="application/json")
    elif payload is not None:
        response = getattr(c, method)(url, data=payload)
    else:
        response = getattr(c, method)(url)
    assert response.status_code == expected[role], (
        f"{role} {method.upper()} {url}: got {response.status_code}, expected {expected[role]}"
    )


@pytest.mark.parametrize("role", ALL_SIGNED_IN)
def test_lists_show_only_what_the_role_may_see(world, client, role):
    c = client_for(client, world.users[role])
    orgs = {o["id"] for o in c.get("/api/v1/organisations/").json()["results"]}
    contacts = {x["organisation"] for x in c.get("/api/v1/contacts/").json()["results"]}
    page = c.get("/organisations/").content.decode()
    sees = role in SEES_A_BRANCH
    assert (world.org_a_branch.pk in orgs) is sees
    assert (world.org_a_branch.pk in contacts) is sees
    assert (world.org_a_branch.name in page) is sees
    if role in {"member_a_manager", "member_a_reporter"}:
        assert world.org_b.pk not in orgs and world.org_b.pk not in contacts
        assert world.org_b.name not in page
    if role == "member_b":
        assert orgs == {world.org_b.pk}


@pytest.mark.parametrize("role", ALL_SIGNED_IN)
def test_admin_requires_staff(world, client, role):
    c = client_for(client, world.users[role])
    for url in [
        "/admin/",
        "/admin/association/organisation/",
        "/admin/association/contactperson/",
        "/admin/association/user/",
        "/admin/association/membership/",
    ]:
        response = c.get(url)
        assert response.status_code == (200 if role == "staff" else 302), (role, url)
