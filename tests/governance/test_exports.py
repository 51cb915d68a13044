"""The governance exports read like reports (issue 15, point 8): the title row with the year and the
scope, counts and rates as number cells, and a totals row."""

import io

import openpyxl
import pytest
from django.utils import timezone

from governance.services.meetings import meeting_sign_in
from tests.conftest import client_for
from tests.governance.helpers import make_meeting
from tests.governance.test_services import _travel

pytestmark = pytest.mark.django_db


def test_attendance_xlsx_has_the_title_row_numbers_and_totals(world, client, english):
    meeting = _travel(make_meeting(world), -1)  # started an hour ago
    meeting_sign_in(actor=world.users["staff"], meeting=meeting, organisation=world.org_a_branch, name="张三")
    year = timezone.localdate().year
    response = client_for(client, world.users["staff"]).get(
        f"/governance/meetings/attendance/?year={year}&format=xlsx", HTTP_ACCEPT_LANGUAGE="en"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == f"Meeting attendance {year}"
    assert str(year) in rows[1][0] and "the whole province" in rows[1][0] and "Generated at" in rows[1][0]
    assert rows[2][0] == "Organisation"
    data, totals = rows[3:-1], rows[-1]
    assert totals[0] == "Total" and totals[1] == sum(r[1] for r in data) and totals[2] == sum(r[2] for r in data)
    assert totals[2] >= 1 and totals[4] == pytest.approx(totals[2] / totals[1])
    assert sheet["B4"].data_type == "n" and sheet["B4"].number_format == "#,##0"
    assert sheet["E4"].number_format == "0.0%"
