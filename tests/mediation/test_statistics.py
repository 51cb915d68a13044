"""The published 2023 Xinjiang figures, reproduced exactly from cases (domain.md, seed item 18)."""

import datetime as dt
from decimal import Decimal

import pytest

from association.models import Organisation
from mediation.choices import CaseStatus
from mediation.models import Case
from mediation.statistics import case_statistics, year_earlier

pytestmark = pytest.mark.django_db

D = Decimal


def _cases(world, year, source, received, succeeded, confirmed, amounts, start=0):
    orgs = [world.org_a, world.org_a_branch, world.org_b]
    rows = []
    for i in range(received):
        status = CaseStatus.CONFIRMED if i < confirmed else CaseStatus.SUCCEEDED if i < succeeded else "failed"
        extra = (
            {"court": "乌鲁木齐铁路运输法院", "referral_number": f"R{year}-{i}", "referral_date": dt.date(year, 1, 1)}
            if source == "pre_litigation"
            else {"channel": "hotline"}
        )
        rows.append(
            Case(
                number=f"T-{year}-{source}-{i}",
                source=source,
                consumer_name="张三",
                respondent=orgs[i % 3],
                line=["auto", "health", "agricultural"][i % 3],
                amount_in_dispute=amounts(i),
                received_on=dt.date(year, 1 + i % 12, 1 + i % 28),
                status=status,
                mediator=world.users["mediator"] if i % 2 else None,
                **extra,
            )
        )
    Case.objects.bulk_create(rows, batch_size=1000)


@pytest.fixture
def published(world):
    fixed = lambda i: D("53000.00")  # noqa: E731
    _cases(world, 2023, "pre_litigation", 460, 410, 300, fixed)
    # 1,213 complaints; the last carries the rest so that the total is 89,431,800.00 yuan
    rest = D("89431800.00") - D("53000.00") * (460 + 1212)
    _cases(world, 2023, "complaint", 1213, 1101, 449, lambda i: rest if i == 1212 else D("53000.00"))
    _cases(world, 2022, "pre_litigation", 399, 350, 200, fixed)
    _cases(world, 2022, "complaint", 408, 380, 100, fixed)
    # just outside the period
    _cases(world, 2024, "complaint", 3, 3, 3, fixed)
    return world


def test_the_published_2023_figures(published):
    stats = case_statistics(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    pre, complaint = stats["by_source"]
    assert pre["source"] == "pre_litigation"
    assert (pre["received"], pre["succeeded"], pre["yoy"]["received"]) == (460, 410, D("15.29"))
    assert (complaint["received"], complaint["succeeded"], complaint["yoy"]["received"]) == (1213, 1101, D("197.30"))
    total = stats["total"]
    assert total["amount_involved"] == D("89431800.00")
    assert total["amount_involved_wan"] == D("8943.18")
    assert total["judicial_confirmations"] == 749
    assert (pre["previous"]["received"], complaint["previous"]["received"]) == (399, 408)
    assert pre["success_rate"] == D("89.13")
    assert total["received"] == 1673 and total["succeeded"] == 1511


def test_breakdowns_add_up(published):
    stats = case_statistics(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31))
    for name in ["company", "line", "region", "mediator"]:
        rows = stats["breakdowns"][name]
        assert sum(r["received"] for r in rows) == 1673, name
        assert sum(r["amount_involved"] for r in rows) == D("89431800.00"), name
    companies = {r["label"] for r in stats["breakdowns"]["company"]}
    assert companies == set(Organisation.objects.filter(mediation_cases__isnull=False).values_list("name", flat=True))


def test_a_scoped_queryset_and_an_empty_period(published):
    only_b = Case.objects.filter(respondent=published.org_b)
    stats = case_statistics(date_from=dt.date(2023, 1, 1), date_to=dt.date(2023, 12, 31), cases=only_b)
    assert stats["total"]["received"] < 1673
    empty = case_statistics(date_from=dt.date(2030, 1, 1), date_to=dt.date(2030, 1, 31))
    assert empty["total"]["received"] == 0 and empty["total"]["success_rate"] is None
    assert empty["total"]["yoy"]["received"] is None


def test_year_earlier():
    assert year_earlier(dt.date(2024, 2, 29)) == dt.date(2023, 2, 28)
    assert year_earlier(dt.date(2023, 12, 31)) == dt.date(2022, 12, 31)
