"""API fuzzing with schemathesis against the project's own OpenAPI schema (quality gate 2).

Every operation of ``/api/schema/`` is called with generated data, authenticated as a member company
user and as association staff: no response may be a server error, and every documented response must
conform to the schema (body and content type). CI runs a bounded number of examples per operation
(``FUZZ_EXAMPLES``, default 8); ``make fuzz`` runs many more.
"""

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
ROLES = ("member_a_manager", "staff")


# built at collection (pytest-django has set Django up by then; no database is needed for it)
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
schema.app = WSGIHandler()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does: the end of a request must not close the test's connection."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def tokens(world):
    return {role: Token.objects.get_or_create(user=world.users[role])[0].key for role in ROLES}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_keeps_to_its_schema(case, tokens):
    for role in ROLES:
        response = case.call(headers={"Authorization": f"Token {tokens[role]}", "Host": "localhost"})
        case.validate_response(
            response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
        )


# what the fuzzing found once, kept as plain tests
def test_an_id_that_is_not_a_number_is_a_404(world, api_client):
    api_client.force_authenticate(world.users["staff"])
    for url in [
        "/api/v1/mediation/cases/null,null/transition/",
        "/api/v1/mediation/cases/null,null/personal-data/",
        "/api/v1/obligations/null,null/submissions/",
        "/api/v1/organisations/1.5/",
    ]:
        assert api_client.get(url).status_code == 404, url


def test_a_date_time_filter_takes_any_offset(world, api_client):
    api_client.force_authenticate(world.users["staff"])
    for url in [
        "/api/v1/disasters/events/?occurred_after=2000-03-18T07:59:13-21:01",
        "/api/v1/obligations/?due_before=0734-04-24T09:18:17-20:05",
    ]:
        assert api_client.get(url).status_code == 200, url
    assert api_client.get("/api/v1/disasters/events/?occurred_after=yesterday").status_code == 400


# the governance operations on an object that exists (random ids are mostly 404s): a meeting, a consultation
# and a training everyone fuzzed here may answer, so generated payloads reach the services
live = schema.include(path_regex=r"^/api/v1/governance/[a-z]+/\{id\}/")


@pytest.fixture
def governance_objects(world):
    from tests.governance.helpers import make_consultation, make_meeting, make_training

    meeting = make_meeting(world)
    return {
        "meetings": meeting.pk,
        "bodies": meeting.body_id,
        "consultations": make_consultation(world).pk,
        "trainings": make_training(world).pk,
    }


@live.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_governance_answers_never_fail_on_live_objects(case, tokens, governance_objects):
    case.path_parameters = {**(case.path_parameters or {}), "id": governance_objects[case.path.split("/")[4]]}
    for role in ROLES:
        response = case.call(headers={"Authorization": f"Token {tokens[role]}", "Host": "localhost"})
        case.validate_response(
            response, checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
        )
