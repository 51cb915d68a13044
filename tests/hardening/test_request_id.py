"""Point 14: a client's X-Request-ID is taken only when well-formed and it came through a trusted proxy."""

import re

import pytest

pytestmark = pytest.mark.django_db

OWN = re.compile(r"^[0-9a-f]{32}$")


def test_a_direct_client_cannot_choose_its_request_id(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="chosen-by-client", REMOTE_ADDR="203.0.113.9")
    assert OWN.match(response["X-Request-ID"])


def test_a_trusted_proxy_passes_a_well_formed_request_id(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-7f3a.1", REMOTE_ADDR="10.1.2.3")
    assert response["X-Request-ID"] == "edge-7f3a.1"


@pytest.mark.parametrize("value", ["a" * 65, "bad id", "x\u00e9", "<script>", ""])
def test_a_malformed_request_id_is_replaced_even_from_a_trusted_proxy(client, settings, value):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = client.get("/healthz", HTTP_X_REQUEST_ID=value, REMOTE_ADDR="10.1.2.3")
    assert OWN.match(response["X-Request-ID"])


def test_an_untrusted_address_is_not_trusted_because_of_the_setting(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    response = client.get("/healthz", HTTP_X_REQUEST_ID="edge-1", REMOTE_ADDR="192.168.1.5")
    assert OWN.match(response["X-Request-ID"])
