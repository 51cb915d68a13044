"""Shared fixtures: real PostgreSQL and Redis (from DATABASE_URL / REDIS_URL), and a small world
with every role: staff, mediator, member A (manager, reporter) with a branch, member B,
regulators of two prefectures (X holds A's branch, Y holds nothing of A's) and the provincial bureau.
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from association.choices import OrganisationKind, OrganisationTier, Role
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, RegionFactory, UserFactory

#: data migrations that ship rows (rules, checklists, templates, beat schedules): a transactional test
#: (live_server) flushes the tables at its end, so tests that need those rows ask for `shipped_data`
SHIPPED_DATA = [
    "association.migrations.0002_beat_schedules",
    "association.migrations.0005_obligation_schedules",
    "association.migrations.0006_report_schedule",
    "disasters.migrations.0002_xinjiang_rule_and_schedules",
    "mediation.migrations.0002_monthly_statistics_schedule",
    "mediation.migrations.0006_annual_statistics_schedule",
    "selfregulation.migrations.0002_shipped_data_and_schedules",
    "campaigns.migrations.0002_templates_rules_schedules",
]


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium for a module's browser tests (skips them, with a hint, where it is missing)."""
    from tests import browser

    with browser.launch() as running:
        yield running


@pytest.fixture
def shipped_data(db):
    """Put back what the data migrations ship (each of them is idempotent)."""
    import importlib

    from django.apps import apps

    for name in SHIPPED_DATA:
        importlib.import_module(name).create(apps, None)


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()  # real Redis: axes counters and cached pages must not leak between tests
    yield


@dataclass
class World:
    province: object
    region_x: object
    region_y: object
    association: object
    bureau: object
    sub_bureau_x: object
    sub_bureau_y: object
    org_a: object
    org_a_branch: object
    org_b: object
    contact_a: object
    contact_a_branch: object
    contact_b: object
    users: dict


ROLES = [
    "staff",
    "mediator",
    "member_a_manager",
    "member_a_reporter",
    "member_b",
    "regulator_x",
    "regulator_y",
    "regulator_province",
    "anonymous",
]


@pytest.fixture
def world(db):
    province = RegionFactory(code="650000", name="新疆维吾尔自治区", level="province")
    region_x = RegionFactory(code="654000", name="伊犁哈萨克自治州", level="prefecture", parent=province)
    region_y = RegionFactory(code="653100", name="喀什地区", level="prefecture", parent=province)
    urumqi = RegionFactory(code="650100", name="乌鲁木齐市", level="prefecture", parent=province)
    association = OrganisationFactory(
        name="测试保险行业协会", kind=OrganisationKind.ASSOCIATION, membership_status="not_member", region=province
    )
    bureau = OrganisationFactory(
        name="测试监管局", kind=OrganisationKind.REGULATOR, membership_status="not_member", region=province
    )
    sub_x = OrganisationFactory(
        name="伊犁监管分局",
        kind=OrganisationKind.REGULATOR,
        tier=OrganisationTier.PREFECTURE,
        parent=bureau,
        membership_status="not_member",
        region=region_x,
    )
    sub_y = OrganisationFactory(
        name="喀什监管分局",
        kind=OrganisationKind.REGULATOR,
        tier=OrganisationTier.PREFECTURE,
        parent=bureau,
        membership_status="not_member",
        region=region_y,
    )
    org_a = OrganisationFactory(name="甲财险新疆分公司", short_name="甲财险", region=urumqi)
    org_a_branch = OrganisationFactory(
        name="甲财险伊犁中心支公司", tier=OrganisationTier.PREFECTURE, parent=org_a, region=region_x
    )
    org_b = OrganisationFactory(name="乙财险新疆分公司", short_name="乙财险", region=region_x)
    users = {}
    for key, org, role in [
        ("staff", association, Role.STAFF),
        ("mediator", association, Role.MEDIATOR),
        ("member_a_manager", org_a, Role.MEMBER_MANAGER),
        ("member_a_reporter", org_a, Role.MEMBER_REPORTER),
        ("member_b", org_b, Role.MEMBER_MANAGER),
        ("regulator_x", sub_x, Role.REGULATOR),
        ("regulator_y", sub_y, Role.REGULATOR),
        ("regulator_province", bureau, Role.REGULATOR),
    ]:
        user = UserFactory(username=key, is_staff=(role == Role.STAFF))
        MembershipFactory(user=user, organisation=org, role=role)
        users[key] = user
    users["anonymous"] = None
    return World(
        province=province,
        region_x=region_x,
        region_y=region_y,
        association=association,
        bureau=bureau,
        sub_bureau_x=sub_x,
        sub_bureau_y=sub_y,
        org_a=org_a,
        org_a_branch=org_a_branch,
        org_b=org_b,
        contact_a=ContactFactory(organisation=org_a),
        contact_a_branch=ContactFactory(organisation=org_a_branch),
        contact_b=ContactFactory(organisation=org_b),
        users=users,
    )


def client_for(client, user):
    """A Django test client signed in as ``user`` (or anonymous for ``None``)."""
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def english():
    """Run the test's own code (not requests) in English, to assert on message texts."""
    from django.utils import translation

    with translation.override("en"):
        yield
