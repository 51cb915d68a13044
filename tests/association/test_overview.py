"""The overview pages: what each role sees (scope), links, the period picker, the xlsx export of every
table, and a query count that does not grow with the data."""

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from association.choices import ObligationKind
from association.overview.panels import Period
from association.services.obligations import obligation_create
from tests.conftest import client_for
from tests.mediation.helpers import make_case

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def owe(world, organisation, title, days):
    return obligation_create(
        organisation=organisation,
        kind=ObligationKind.DATA_RETURN,
        title=title,
        due_at=timezone.now() + dt.timedelta(days=days),
    )


@pytest.mark.parametrize(
    ("key", "today", "start", "end"),
    [
        ("week", dt.date(2026, 11, 22), dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
        ("month", dt.date(2026, 2, 10), dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ("quarter", dt.date(2026, 11, 22), dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("ytd", dt.date(2026, 11, 22), dt.date(2026, 1, 1), dt.date(2026, 11, 22)),
        ("last_year", dt.date(2026, 11, 22), dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ],
)
def test_named_periods(key, today, start, end):
    period = Period.named(key, today)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"period": "custom", "date_from": "2026-01-01", "date_to": "2026-03-31"}, ""),
        ({"period": "custom", "date_from": "2026-03-01", "date_to": "2026-01-31"}, "after the end"),
        ({"period": "custom", "date_from": "soon", "date_to": "2026-01-31"}, "YYYY-MM-DD"),
        ({"period": "custom", "date_from": "1990-01-01", "date_to": "2026-01-31"}, "five years"),
        ({"period": "decade"}, "Unknown period"),
    ],
)
def test_custom_period_errors_are_clear(params, error, english):
    period, message = Period.from_query(params, dt.date(2026, 11, 22))
    assert (error in message) if error else not message
    if error:
        assert period.key == "month"


def test_each_role_sees_its_own_scope(world, client):
    owe(world, world.org_a_branch, "甲分支机构月报", -1)
    owe(world, world.org_b, "乙公司月报", -3)
    pages = {role: client_for(client, world.users[role]).get("/overview/").content.decode() for role in world.users}
    assert "甲分支机构月报" in pages["member_a_manager"] and "乙公司月报" not in pages["member_a_manager"]
    assert "乙公司月报" in pages["member_b"] and "甲分支机构月报" not in pages["member_b"]
    # regulators see organisations of their region in the table, not the member's own "what you owe"
    assert world.org_a_branch.name in pages["regulator_x"] and world.org_b.name in pages["regulator_x"]
    assert world.org_a_branch.name not in pages["regulator_y"] and world.org_b.name not in pages["regulator_y"]
    assert world.org_a_branch.name in pages["regulator_province"]
    staff = client_for(client, world.users["staff"]).get("/staff/").content.decode()
    assert world.org_b.name in staff and 'id="panel-mediation"' in staff


def test_numbers_link_to_the_lists_behind_them(world, client):
    owe(world, world.org_b, "乙公司月报", -3)
    page = client_for(client, world.users["regulator_x"]).get("/overview/").content.decode()
    assert 'href="/inbox/?status=overdue"' in page
    assert f'href="/inbox/?organisation={world.org_b.pk}"' in page
    assert 'href="/mediation/statistics/?date_from=' in page
    assert "/overview/export/obligations-by-organisation.xlsx?period=month" in page


def test_export_has_the_table_of_the_page(world, client):
    owe(world, world.org_b, "乙公司月报", -3)
    make_case(world)
    c = client_for(client, world.users["staff"])
    response = c.get("/overview/export/obligations-by-organisation.xlsx?period=ytd")
    assert response.status_code == 200 and "obligations-by-organisation-" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert world.org_b.name in values
    assert c.get("/overview/export/no-such-table.xlsx").status_code == 404
    assert c.get("/overview/export/mediation-by-source.xlsx?period=custom&date_from=x").status_code == 200


def test_export_title_row_numbers_and_totals(world, client, english):
    """Issue 15, point 8: what, period, scope and when above the header; numbers as numbers; the totals."""
    owe(world, world.org_b, "乙公司月报", -3)
    owe(world, world.org_a, "甲公司月报", -2)
    make_case(world, received_on=timezone.localdate())
    c = client_for(client, world.users["staff"])
    sheet = openpyxl.load_workbook(
        io.BytesIO(c.get("/overview/export/obligations-by-organisation.xlsx?period=ytd", **EN).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Obligations by organisation"
    assert "Period:" in rows[1][0] and "the whole province" in rows[1][0] and "(Beijing time)" in rows[1][0]
    assert rows[2][:3] == ("Organisation", "Due this week", "Overdue now")
    assert rows[-1][:3] == ("Total", sum(r[1] for r in rows[3:-1]), 2)  # two organisations, one overdue each
    assert sheet["C4"].data_type == "n" and sheet["C4"].number_format == "#,##0"

    sheet = openpyxl.load_workbook(
        io.BytesIO(c.get("/overview/export/mediation-by-source.xlsx?period=ytd", **EN).content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0] == "Total" and rows[-1][1] == 1 and rows[-1][5] == 1.2  # 12,000 yuan, in 10,000 yuan
    assert sheet.cell(row=len(rows), column=6).number_format == "#,##0.00"
    page = c.get("/overview/?period=ytd", **EN).content.decode()
    assert 'class="overview-totals"' in page and ">1.20<" in page


def test_bad_period_is_a_message_not_an_error(world, client, english):
    c = client_for(client, world.users["regulator_x"])
    response = c.get("/overview/?period=custom&date_from=2026-05-01&date_to=2026-01-01", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "after the end date" in response.content.decode()


@pytest.mark.parametrize("role", ["staff", "regulator_x", "member_a_manager"])
def test_query_count_does_not_grow_with_the_data(world, client, role, django_assert_max_num_queries):
    url = "/staff/" if role == "staff" else "/overview/"
    c = client_for(client, world.users[role])
    owe(world, world.org_a_branch, "一", 1)
    make_case(world)
    c.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        c.get(url)
    for n in range(15):
        owe(world, world.org_a_branch if n % 2 else world.org_b, f"报表{n}", n - 5)
        make_case(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(url)
