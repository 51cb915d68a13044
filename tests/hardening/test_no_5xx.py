"""Point 8: the inputs the outside probe broke the portal with answer a clear error, never a 5xx. (The
portal-wide GET gate is tests/quality/test_portal_fuzz.py; the API gate test_api_fuzz.py.)"""

import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from association.dates import parse_day
from association.resources import StrictDecimalWidget
from selfregulation.services.monitoring import returns_upload
from tests.conftest import client_for
from tests.selfregulation.helpers import FIGURES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/organisations/", "/mediation/cases/", "/selfregulation/findings/"])
def test_a_nul_byte_in_a_search_box_is_a_clear_400(client, world, url):
    response = client_for(client, world.users["staff"]).get(url, {"q": "\x00"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "NUL" in response.content.decode()


def test_a_nul_byte_in_an_api_parameter_is_a_400(api_client, world):
    api_client.force_authenticate(world.users["staff"])
    assert api_client.get("/api/v1/organisations/", {"search": "a\x00b"}).status_code == 400


@pytest.mark.parametrize("value", ["2026-02-30", "0000-01-01", "0001-01-01", "9999-12-31", "1900-01-01", "\x00"])
@pytest.mark.parametrize(
    "url", ["/mediation/statistics/", "/selfregulation/statistics/", "/disasters/", "/overview/?period=custom"]
)
def test_impossible_and_far_dates_in_period_pickers_are_an_error_message(client, world, url, value):
    role = "member_a_manager" if url.startswith("/overview") else "staff"
    response = client_for(client, world.users[role]).get(url, {"date_from": value, "date_to": value})
    assert response.status_code in (200, 400), (url, value, response.status_code)


@pytest.mark.parametrize("value", ["2026-02-30", "0001-01-01", "9999-12-31"])
def test_statistics_api_refuses_dates_out_of_range(api_client, world, value):
    api_client.force_authenticate(world.users["staff"])
    response = api_client.get("/api/v1/mediation/statistics/", {"date_from": value, "date_to": "2026-01-01"})
    assert response.status_code == 400 and "date_from" in response.json()


@pytest.mark.usefixtures("english")
def test_the_sane_range_is_1949_to_2100():
    assert parse_day("1949-01-01").year == 1949 and parse_day("2100-12-31").year == 2100
    for bad in ["1948-12-31", "2101-01-01", "0000-01-01", "2026-02-30", "abc"]:
        with pytest.raises(ValueError):
            parse_day(bad)


@pytest.mark.usefixtures("english")
def test_contact_effective_dates_out_of_range_are_a_field_error(client, world):
    c = client_for(client, world.users["member_a_manager"])
    contact = world.contact_a
    url = f"/organisations/{world.org_a.pk}/contacts/{contact.duty}/{contact.slot}/"
    data = {"name": "王五", "position": "", "phone": "13900001111", "office_phone": "", "email": "w@example.org"}
    for value in ["9999-12-31", "0001-01-01"]:
        response = c.post(url, {**data, "effective_from": value}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200 and "Enter a date between 1949-01-01 and 2100-12-31" in (
            response.content.decode()
        )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("month", ["0000-01", "9999-12", "2026-13"])
def test_an_impossible_month_is_a_field_error(client, world, month):
    c = client_for(client, world.users["member_a_manager"])
    response = c.post("/selfregulation/monitoring/", {"organisation": world.org_a.pk, "month": month, **FIGURES})
    assert response.status_code in (200, 302)
    assert (
        client_for(client, world.users["staff"])
        .post("/selfregulation/monitoring/analyse/", {"month": month})["Location"]
        .endswith("/selfregulation/monitoring/")
    )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-inf"])
def test_nan_in_decimal_fields_is_refused(client, world, value):
    c = client_for(client, world.users["member_a_manager"])
    response = c.post(
        "/selfregulation/monitoring/",
        {"organisation": world.org_a.pk, "month": "2026-03", **FIGURES, "written_premium": value},
    )
    assert response.status_code == 200  # the form again, with the error
    book = openpyxl.Workbook()
    book.active.append(["credit_code", "month", *FIGURES])
    book.active.append([world.org_a.credit_code, "2026-04", value, *list(FIGURES.values())[1:]])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ValidationError, match="written_premium"):
        returns_upload(data=buffer.getvalue(), filename="f.xlsx", actor=world.users["staff"])
    with pytest.raises(ValueError):
        StrictDecimalWidget().clean(value)


def test_json_nested_50000_deep_is_a_400(api_client, world):
    from tests.association.test_obligation_pages import matrix_obligation

    api_client.force_authenticate(world.users["member_a_manager"])
    obligation = matrix_obligation(world)
    body = '{"text": "x", "data": ' + "[" * 50_000 + "]" * 50_000 + "}"
    response = api_client.post(
        f"/api/v1/obligations/{obligation.pk}/submissions/", body, content_type="application/json"
    )
    assert response.status_code == 400
    deep = json.dumps({"text": "x"})
    assert api_client.post("/api/v1/mediation/cases/", "[" * 50_000, content_type="application/json").status_code in (
        400,
        403,
    ), deep
