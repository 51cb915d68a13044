import io

import pytest
from openpyxl import Workbook

from disasters.choices import Grade
from disasters.importer import import_loss_reports
from disasters.models import LossReport
from disasters.services.loss_reports import loss_report_submit
from disasters.services.responses import response_open
from tests.conftest import client_for
from tests.disasters.helpers import FIGURES, KNOWN, make_event

pytestmark = pytest.mark.django_db


def test_event_page_shows_history_timeliness_roll_call_and_chart(world, client, django_assert_max_num_queries):
    from tests.factories import OrganisationFactory

    orgs = [world.org_a_branch, *[OrganisationFactory(region=world.region_x) for _ in range(5)]]
    event = make_event(world, organisations=orgs, sensitive=True)
    response_open(event=event, actor=world.users["regulator_province"], level=Grade.II, now=KNOWN)
    loss_report_submit(
        event=event, organisation=world.org_a_branch, actor=world.users["member_a_manager"], now=KNOWN, **FIGURES
    )
    c = client_for(client, world.users["regulator_x"])
    with django_assert_max_num_queries(25):
        page = c.get(f"/disasters/{event.pk}/").content.decode()
    assert 'id="timeliness"' in page and 'id="roll-call"' in page and "echarts.min.js" in page
    assert "missing" in page and 'id="history"' in page
    # amounts in 万元 as the seeds write them, with separators; the unit once, in the label
    assert "预估财产损失赔付（万元）" in page and ">2,000.00<" in page  # 20,000,000 yuan
    assert "已报估损金额（万元）" in page and ">10.00<" in page  # the reported 100,000 yuan
    # the chart's data is a JSON object (not a JSON-encoded string the script cannot read)
    import json
    import re

    data = json.loads(re.search(r'id="loss-chart-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert isinstance(data, dict) and len(data["labels"]) == 3 and data["dates"]


def test_member_enters_the_days_report_with_clear_errors(world, client):
    event = make_event(world)
    c = client_for(client, world.users["member_a_reporter"])
    url = f"/disasters/{event.pk}/loss-report/"
    assert c.get(url).status_code == 200
    data = {k: str(v) for k, v in FIGURES.items()} | {
        "organisation": world.org_a_branch.pk,
        "report_date": KNOWN.date().isoformat(),
        "staff_deployed": 3,
        "business_status": "online_only",
    }
    assert c.post(url, data).status_code == 302
    assert LossReport.objects.get().business_status == "online_only"
    data["report_date"] = "2026-07-02"
    data["claims_reported"] = 1
    r = c.post(url, data)
    assert r.status_code == 200 and "invalid-feedback" in r.content.decode()
    assert LossReport.objects.count() == 1


def test_event_list_for_a_member(world, client):
    event = make_event(world)
    page = client_for(client, world.users["member_a_manager"]).get("/disasters/").content.decode()
    assert event.title in page and f"/disasters/{event.pk}/loss-report/" in page
    assert event.title not in client_for(client, world.users["member_b"]).get("/disasters/").content.decode()


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(["统一社会信用代码", "日期", "受影响保单数", "报案数", "估损金额", "已决赔款", "预付赔款"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_is_all_or_nothing_with_row_errors(world):
    event = make_event(world)
    code = world.org_a_branch.credit_code
    bad = _xlsx([[code, "2026-07-01", 10, 5, 1000, 0, 0], [code, "2026-07-02", 9, 5, 1000, 0, 0]])
    result = import_loss_reports(event=event, actor=world.users["staff"], data=bad, filename="r.xlsx")
    assert not result.committed and LossReport.objects.count() == 0
    assert [(p.line, p.column) for p in result.problems] == [(3, "受影响保单数")]
    good = _xlsx([[code, "2026-07-01", 10, 5, 1000, 0, 0], [code, "2026-07-02", 11, 5, 1000, 0, 0]])
    result = import_loss_reports(event=event, actor=world.users["staff"], data=good, filename="r.xlsx")
    assert result.committed and result.new == 2 and LossReport.objects.filter(source="import").count() == 2
