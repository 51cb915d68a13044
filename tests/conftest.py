"""Shared fixtures: real PostgreSQL and Redis (from DATABASE_URL / REDIS_URL), and a small world
with every role: staff, mediator, member A (manager, reporter) with a branch, member B,
regulators of two prefectures (X holds A's branch, Y holds nothing of A's) and the provincial bureau.
"""

from collections import Counter
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


def pytest_collection_modifyitems(items):
    """Ready the tests for pytest-xdist (`make test` runs them with `-n auto --dist loadgroup`)."""
    _unique_node_ids(items)
    for item in items:
        # a browser module's tests stay on one worker: one Chromium per module (module-scoped fixture below)
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def _unique_node_ids(items):
    """pytest-xdist schedules tests by node id and runs one test per id. Schemathesis'
    `schema.parametrize()` names its tests `test_x[GET /path]`, but under pytest 9 all of them get the
    node id `test_x`: the fuzzing gate would run one API operation instead of every one. Give such
    tests their name as node id, and refuse to run with any duplicate left."""
    counts = Counter(item.nodeid for item in items)
    for item in items:
        name, base = item.name, getattr(item, "originalname", item.name)
        if counts[item.nodeid] > 1 and name.startswith(f"{base}[") and name.endswith("]"):
            if hasattr(item, "_id"):  # pytest 9: a structured NodeId
                item._id = item.parent.id.child(base).with_params(name[len(base) + 1 : -1])
            else:
                item._nodeid = f"{item.parent.nodeid}::{name}"
    duplicates = sorted(nodeid for nodeid, count in Counter(item.nodeid for item in items).items() if count > 1)
    if duplicates:
        raise pytest.UsageError(f"tests share a node id (pytest-xdist would run only one of each): {duplicates}")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix, request, django_db_blocker, django_db_keepdb, django_db_use_migrations
):
    """Under pytest-xdist every worker has its own test database (`test_portal_<pid>_gw0`, `_gw1`, ...).
    Rather than each of them running every migration, the first one migrates a template database
    (`test_portal_<pid>`) and all of them create theirs from it (CREATE DATABASE ... TEMPLATE: their own
    `migrate` then finds nothing to do). The controller drops the template at the end (below)."""
    worker = getattr(request.config, "workerinput", {}).get("workerid")
    if not worker or django_db_keepdb or not django_db_use_migrations:
        return
    from django.db import connection

    test_settings = connection.settings_dict["TEST"]
    template = test_settings["NAME"].removesuffix(f"_{worker}")
    with django_db_blocker.unblock(), connection.creation._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])  # released with this connection
        if not connection.creation._database_exists(cursor, template):
            _migrate_template(connection, template)
    test_settings["TEMPLATE"] = template


def _migrate_template(connection, template):
    test_settings, name = connection.settings_dict["TEST"], connection.settings_dict["NAME"]
    own = test_settings["NAME"]
    test_settings["NAME"] = template
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    except BaseException:
        with connection.creation._nodb_cursor() as cursor:  # no half-migrated template for the others
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")
        raise
    finally:
        connection.close()  # nobody may be connected to a template that is being copied
        test_settings["NAME"] = own
        connection.settings_dict["NAME"] = name  # create_test_db switched the connection (and settings) over


def pytest_sessionfinish(session):
    """The pytest-xdist controller (its workers are done) drops the template of their test databases."""
    config = session.config
    if hasattr(config, "workerinput") or config.getoption("dist", "no") == "no":
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    template = connection.settings_dict["TEST"]["NAME"]
    try:
        with config.stash[blocking_manager_key].unblock(), connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")
    except Exception as exc:  # the run's outcome stands; say what is left behind
        config.get_terminal_writer().line(f"could not drop the template test database {template}: {exc}", red=True)


@pytest.fixture(scope="session", autouse=True)
def _media_root(tmp_path_factory):
    """Files the tests upload or generate go to a temporary folder of this test process (one per
    pytest-xdist worker), not to the portal's var/media."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


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
