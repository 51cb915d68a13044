"""The published 2023 Xinjiang figures, reproduced from an import and the published 2022 totals (domain.md,
seed 000 item 18), and the rules behind them: what each figure counts, the period a year earlier, baselines."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from association.importing import run_import
from association.models import Organisation
from mediation.choices import CaseStatus
from mediation.models import Case
from mediation.resources import CaseResource
from mediation.selectors import statistics_for
from mediation.services.statistics import baseline_create
from mediation.statistics import case_statistics, previous_period, year_earlier
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

D = Decimal
HEADER = (
    "source,court,referral_number,referral_date,channel,consumer_name,respondent_credit_code,line,"
    "amount_in_dispute,received_on,status,closed_on,ruling_date"
)


def _rows(world, year, source, received, succeeded, confirmed, amounts):
    """CSV rows of ``received`` cases of ``year``: the first ``confirmed`` judicially confirmed, up to
    ``succeeded`` succeeded, the rest failed; each concluded 3 days and confirmed 5 days after it came in."""
    codes = [world.org_a.credit_code, world.org_a_branch.credit_code, world.org_b.credit_code]
    rows = []
    for i in range(received):
        status = CaseStatus.CONFIRMED if i < confirmed else CaseStatus.SUCCEEDED if i < succeeded else "failed"
        received_on = dt.date(year, 1 + i % 12, 1 + i % 25)
        closed_on = received_on + dt.timedelta(days=3)
        ruling = received_on + dt.timedelta(days=5) if status == CaseStatus.CONFIRMED else ""
        court = source == "pre_litigation"
        rows.append(
            ",".join(
                str(v)
                for v in [
                    source,
                    "乌鲁木齐铁路运输法院" if court else "",
                    f"R{year}-{i}" if court else "",
                    received_on if court else "",
                    "" if court else "hotline",
                    "张三",
                    codes[i % 3],
                    ["auto", "health", "agricultural"][i % 3],
                    amounts(i),
                    received_on,
                    status,
                    closed_on,
                    ruling,
                ]
            )
        )
    return rows


def published_2023_file(world) -> bytes:
    """The association's 2023 cases (and three of 2024, just outside the year), as a GBK CSV."""
    fixed = lambda i: D("53000.00")  # noqa: E731
    # 1,213 complaints; the last carries the rest so that the total is 89,431,800.00 yuan
    rest = D("89431800.00") - D("53000.00") * (460 + 1212)
    rows = [
        *_rows(world, 2023, "pre_litigation", 460, 410, 300, fixed),
        *_rows(world, 2023, "complaint", 1213, 1101, 449, lambda i: rest if i == 1212 else D("53000.00")),
        *_rows(world, 2024, "complaint", 3, 3, 3, fixed),
    ]
    return ("\n".join([HEADER, *rows]) + "\n").encode("gbk")


@pytest.fixture
def published(world):
    """The published 2022 totals entered as baselines (only the received figures were published: 460 is
    +15.29% on 399, 1,213 is +197.30% on 408), and the 2023 cases imported."""
    staff = world.users["staff"]
    baseline_create(actor=staff, year=2022, source="pre_litigation", received=399, published_in="2022年服务清单")
    baseline_create(actor=staff, year=2022, source="complaint", received=408, published_in="2022年服务清单")
    report = run_import(CaseResource(actor=staff), published_2023_file(world), "2023年调解案件.csv")
    assert report.committed and report.new == 1676, [str(p) for p in report.problems[:5]]
    return world


def test_the_published_2023_figures_through_the_api_and_the_xlsx(published, client):
    c = client_for(client, published.users["staff"])
    data = c.get("/api/v1/mediation/statistics/?date_from=2023-01-01&date_to=2023-12-31").json()
    pre, complaint = data["by_source"]
    assert pre["source"] == "pre_litigation"
    assert (pre["received"], pre["yoy"]["received"], pre["succeeded"]) == (460, 15.29, 410)
    assert (complaint["received"], complaint["yoy"]["received"], complaint["succeeded"]) == (1213, 197.3, 1101)
    total = data["total"]
    assert (total["amount_involved_wan"], total["judicial_confirmations"]) == (8943.18, 749)
    assert (total["received"], total["succeeded"], total["amount_involved"]) == (1673, 1511, 89431800.0)
    assert (pre["previous"]["received"], pre["previous"]["basis"], complaint["previous"]["received"]) == (
        399,
        "baseline",
        408,
    )
    assert pre["yoy"]["succeeded"] is None  # the 2022 successes were not published
    assert len(data["definitions"]) >= 4

    response = c.get("/mediation/statistics/?date_from=2023-01-01&date_to=2023-12-31&format=xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "2023" in rows[1][0]  # the title rows: what, then period, scope and when
    pre_row, complaint_row, total_row = rows[3], rows[4], rows[-1]
    assert (pre_row[2], pre_row[3], round(pre_row[8], 4), pre_row[7]) == (460, 410, 0.1529, 399)
    assert (complaint_row[2], complaint_row[3], round(complaint_row[8], 4)) == (1213, 1101, 1.973)
    assert complaint_row[7] == 408
    assert (total_row[2], total_row[5], total_row[6]) == (1673, 8943.18, 749)  # numbers, as published
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=sheet.max_row, column=6).number_format == "#,##0.00"
    assert sheet.cell(row=4, column=9).number_format == "0.00%"  # +15.29%, to the hundredth as published


def test_breakdowns_add_up(published):
    stats = statistics_for(user=published.users["staff"], date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    for name in ["company", "line", "region", "mediator"]:
        rows = stats["breakdowns"][name]
        assert sum(r["received"] for r in rows) == 1673, name
        assert sum(r["succeeded"] for r in rows) == 1511, name
        assert sum(r["judicial_confirmations"] for r in rows) == 749, name
        assert sum(r["amount_involved"] for r in rows) == D("89431800.00"), name
    companies = {r["label"] for r in stats["breakdowns"]["company"]}
    assert companies == set(Organisation.objects.filter(mediation_cases__isnull=False).values_list("name", flat=True))


def _case(world, number, received_on, status, *, closed_on=None, ruling_date=None, amount="1000", source="complaint",
          respondent=None, mediator=None):  # fmt: skip
    extra = (
        {"court": "乌鲁木齐铁路运输法院", "referral_number": number, "referral_date": received_on}
        if source == "pre_litigation"
        else {"channel": "hotline"}
    )
    return Case.objects.create(
        number=number,
        source=source,
        consumer_name="张三",
        respondent=respondent or world.org_a_branch,
        line="auto",
        amount_in_dispute=D(amount),
        received_on=received_on,
        status=status,
        closed_on=closed_on,
        ruling_date=ruling_date,
        mediator=mediator,
        **extra,
    )


@pytest.fixture
def timeline(world):
    d = dt.date
    # received in December, succeeded in January, confirmed in March
    _case(world, "A", d(2022, 12, 20), "confirmed", closed_on=d(2023, 1, 10), ruling_date=d(2023, 3, 1), amount="1000")
    _case(world, "B", d(2023, 1, 5), "failed", closed_on=d(2023, 1, 20), amount="2000")
    # succeeded in February, the court refused to confirm: a success, not a confirmation
    _case(world, "C", d(2023, 1, 15), "refused", closed_on=d(2023, 2, 10), ruling_date=d(2023, 2, 20), amount="4000")
    _case(world, "D", d(2023, 1, 25), "in_sessions", amount="8000")
    return world


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # (received, succeeded, amount involved, judicial confirmations)
        ("2022-12-01", "2022-12-31", (1, 0, D("1000.00"), 0)),
        ("2023-01-01", "2023-01-31", (3, 1, D("14000.00"), 0)),
        ("2023-02-01", "2023-02-28", (0, 1, D("0.00"), 0)),
        ("2023-03-01", "2023-03-31", (0, 0, D("0.00"), 1)),
        ("2023-01-01", "2023-12-31", (3, 2, D("14000.00"), 1)),
        ("2022-12-20", "2022-12-20", (1, 0, D("1000.00"), 0)),
        ("2023-01-10", "2023-01-10", (0, 1, D("0.00"), 0)),
    ],
)
def test_each_figure_counts_what_happened_in_the_period(timeline, start, end, expected):
    stats = case_statistics(date_from=dt.date.fromisoformat(start), date_to=dt.date.fromisoformat(end))
    t = stats["total"]
    assert (t["received"], t["succeeded"], t["amount_involved"], t["judicial_confirmations"]) == expected
    company = stats["breakdowns"]["company"]
    assert sum(r["succeeded"] for r in company) == expected[1]  # the breakdowns count the same way


@pytest.mark.parametrize(
    ("start", "end", "previous"),
    [
        ("2024-01-01", "2024-02-29", ("2023-01-01", "2023-02-28")),  # leap year: the end of February
        ("2025-01-01", "2025-02-28", ("2024-01-01", "2024-02-29")),  # the year before was a leap year
        ("2025-02-01", "2025-02-28", ("2024-02-01", "2024-02-29")),  # February with February
        ("2024-02-01", "2024-02-28", ("2023-02-01", "2023-02-28")),  # not the end of February
        ("2024-02-29", "2024-02-29", ("2023-02-28", "2023-02-28")),
        ("2025-02-28", "2025-02-28", ("2024-02-28", "2024-02-29")),
        ("2024-03-01", "2024-03-31", ("2023-03-01", "2023-03-31")),
        ("2023-01-01", "2023-12-31", ("2022-01-01", "2022-12-31")),
        ("2024-02-29", "2024-03-15", ("2023-02-28", "2023-03-15")),
    ],
)
def test_the_same_calendar_span_a_year_earlier(start, end, previous):
    got = previous_period(dt.date.fromisoformat(start), dt.date.fromisoformat(end))
    assert got == tuple(dt.date.fromisoformat(x) for x in previous)
    stats = case_statistics(
        date_from=dt.date.fromisoformat(start), date_to=dt.date.fromisoformat(end), breakdowns=False
    )
    assert (stats["previous_from"], stats["previous_to"]) == got


def test_year_earlier():
    assert year_earlier(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert year_earlier(dt.date(2023, 12, 31)) == dt.date(2022, 12, 31)


@pytest.fixture
def baselines(world):
    staff = world.users["staff"]
    baseline_create(actor=staff, year=2022, source="pre_litigation", received=399, succeeded=350,
                    amount=D("20000000"), confirmations=200)  # fmt: skip
    baseline_create(actor=staff, year=2022, source="complaint", received=408)
    d = dt.date
    # a case the portal has for 2022 (entered later): the published totals stand for that year
    _case(world, "X2022", d(2022, 6, 1), "received")
    _case(world, "P2023", d(2023, 6, 1), "succeeded", closed_on=d(2023, 6, 10), source="pre_litigation")
    _case(world, "P2024", d(2024, 2, 1), "received", source="pre_litigation")
    return world


@pytest.mark.parametrize(
    ("role", "start", "end", "source", "expected"),
    [
        # (received now, basis now, received a year earlier, basis a year earlier, YoY received)
        ("staff", "2023-01-01", "2023-12-31", 0, (1, "cases", 399, "baseline", D("-99.75"))),
        ("staff", "2023-01-01", "2023-12-31", 1, (0, "cases", 408, "baseline", D("-100.00"))),
        # half of 2022 is not known: no figures, no YoY
        ("staff", "2023-01-01", "2023-06-30", 0, (1, "cases", None, "unavailable", None)),
        ("staff", "2022-01-01", "2022-12-31", 1, (408, "baseline", 0, "cases", None)),
        ("staff", "2024-01-01", "2024-12-31", 0, (1, "cases", 1, "cases", D("0.00"))),
        # two whole years: 2022 from its totals, 2023 from the cases (and 2021–2022 before them)
        ("staff", "2022-01-01", "2023-12-31", 0, (400, "mixed", 399, "mixed", D("0.25"))),
        ("staff", "2022-07-01", "2023-06-30", 0, (None, "unavailable", None, "unavailable", None)),
        ("regulator_province", "2023-01-01", "2023-12-31", 0, (1, "cases", 399, "baseline", D("-99.75"))),
        # a prefecture's regulator: the province's totals are not its region's, the cases are
        ("regulator_x", "2023-01-01", "2023-12-31", 1, (0, "cases", 1, "cases", D("-100.00"))),
        ("regulator_x", "2023-01-01", "2023-12-31", 0, (1, "cases", 0, "cases", None)),
    ],
)
def test_baselines_stand_for_the_years_they_cover(baselines, role, start, end, source, expected):
    stats = statistics_for(
        user=baselines.users[role], date_from=dt.date.fromisoformat(start), date_to=dt.date.fromisoformat(end)
    )
    s = stats["by_source"][source]
    assert (s["received"], s["basis"], s["previous"]["received"], s["previous"]["basis"], s["yoy"]["received"]) == (
        expected
    )


def test_a_baseline_figure_not_published_has_no_yoy(baselines):
    stats = statistics_for(user=baselines.users["staff"], date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    pre, complaint = stats["by_source"]
    assert pre["yoy"]["succeeded"] == D("-99.71")  # 1 against 350
    assert pre["previous"]["amount_involved_wan"] == D("2000.00")
    assert complaint["previous"]["succeeded"] is None and complaint["yoy"]["succeeded"] is None
    assert stats["total"]["previous"]["succeeded"] is None  # a total with an unknown part is unknown
    assert stats["total"]["previous"]["received"] == 807
    assert any("2022" in note for note in stats["notes"])


@pytest.mark.usefixtures("english")
def test_the_mediator_breakdown_names_people(world):
    mediator = world.users["mediator"]
    mediator.display_name = "王调解员"
    mediator.save()
    _case(world, "M1", dt.date(2023, 5, 1), "in_sessions", mediator=mediator)
    _case(world, "M2", dt.date(2023, 5, 2), "received")
    stats = case_statistics(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    labels = {r["label"] for r in stats["breakdowns"]["mediator"]}
    assert labels == {"王调解员", "No mediator assigned"}


def test_a_scoped_queryset_and_an_empty_period(timeline):
    only_b = Case.objects.filter(respondent=timeline.org_b)
    stats = case_statistics(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31), cases=only_b)
    assert stats["total"]["received"] == 0
    empty = case_statistics(date_from=dt.date(2030, 1, 1), date_to=dt.date(2030, 1, 31))
    assert empty["total"]["received"] == 0 and empty["total"]["success_rate"] is None
    assert empty["total"]["yoy"]["received"] is None


def test_the_statistics_page_states_the_definitions(published, client):
    html = client_for(client, published.users["staff"]).get(
        "/mediation/statistics/?date_from=2023-01-01&date_to=2023-12-31"
    )
    text = html.content.decode()
    assert 'id="definitions"' in text and "460" in text and "+15.29%" in text and "+197.30%" in text
    # as the seed writes it: 1,673 received, 8,943.18 (10,000 yuan), the unit once in the header
    assert ">1,673<" in text and ">8,943.18<" in text and "89431800" not in text and ">749<" in text


@pytest.mark.parametrize(
    ("status", "closed_on", "ruling_date", "problems"),
    [
        ("succeeded", "", "", [(2, "closed_on")]),
        ("confirmed", "2023-05-10", "", [(2, "ruling_date")]),
        ("confirmed", "", "", [(2, "closed_on"), (2, "ruling_date")]),
        ("refused", "", "2023-05-20", [(2, "closed_on")]),
        ("succeeded", "2023-05-10", "", []),
        ("confirmed", "2023-05-10", "2023-05-20", []),
        ("failed", "", "", []),
    ],
)
def test_an_imported_success_brings_its_dates(world, status, closed_on, ruling_date, problems):
    code = world.org_a.credit_code
    row = f"complaint,,,,hotline,张三,{code},auto,1000,2023-05-01,{status},{closed_on},{ruling_date}"
    report = run_import(CaseResource(), (f"{HEADER}\n{row}\n").encode(), "cases.csv")
    assert sorted((p.line, p.column) for p in report.problems) == problems
    assert report.committed is not bool(problems)
