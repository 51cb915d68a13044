"""Point 10: values that make no sense are refused: negative losses and payments, text without a length
limit, telephone numbers with non-ASCII digits."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from association.dates import TEXT_MAX
from association.services.contacts import contact_update
from disasters.forms import LossReportForm
from disasters.models import LossReport
from mediation.services.cases import case_update
from tests.disasters.helpers import make_event
from tests.mediation.helpers import make_case

pytestmark = pytest.mark.django_db

NON_ASCII_PHONES = ["١٣٨١٢٣٤١٢٣٤", "１３８１２３４１２３４", "13８12341234", "۱۳۸۱۲۳۴۱۲۳۴"]


@pytest.mark.parametrize("phone", NON_ASCII_PHONES)
def test_phones_with_non_ascii_digits_are_refused(world, phone):
    with pytest.raises(ValidationError) as exc:
        contact_update(
            contact=world.contact_a, actor=world.users["staff"], phone=phone, effective_from=dt.date(2026, 3, 2)
        )
    assert "phone" in exc.value.message_dict
    case = make_case(world)
    with pytest.raises(ValidationError) as exc:
        case_update(case=case, actor=world.users["staff"], consumer_phone=phone)
    assert "consumer_phone" in exc.value.message_dict
    world.org_a.phone = phone
    with pytest.raises(ValidationError):
        world.org_a.full_clean()


def test_ascii_phones_still_pass(world):
    contact_update(
        contact=world.contact_a, actor=world.users["staff"], phone="13812345678", effective_from=dt.date(2026, 3, 2)
    )
    case_update(case=make_case(world), actor=world.users["staff"], consumer_phone="0991-1234567")


@pytest.mark.parametrize("field", ["estimated_loss", "claims_paid", "advance_payments"])
def test_negative_losses_and_payments_are_refused(world, field):
    event = make_event(world, organisations=[world.org_a])
    data = {
        "organisation": world.org_a.pk, "report_date": dt.date.today().isoformat(), "policies_affected": 1,
        "claims_reported": 1, "estimated_loss": "100", "claims_paid": "0", "advance_payments": "0",
        "staff_deployed": 1, "problems": "", "measures": "",
    }  # fmt: skip
    form = LossReportForm({**data, field: "-1"}, organisations=type(world.org_a).objects.filter(pk=world.org_a.pk))
    assert not form.is_valid() and field in form.errors
    report = LossReport(event=event, organisation=world.org_a, report_date=dt.date(2026, 3, 1),
                        policies_affected=1, claims_reported=1, estimated_loss=Decimal(0), claims_paid=Decimal(0),
                        advance_payments=Decimal(0))  # fmt: skip
    setattr(report, field, Decimal("-0.01"))
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says so too
        LossReport.objects.bulk_create([report])


def test_portal_text_fields_have_a_length_limit(world):
    form = LossReportForm(organisations=type(world.org_a).objects.all())
    for name in ["problems", "measures"]:
        assert form.fields[name].max_length == TEXT_MAX
        assert form.fields[name].widget.attrs["maxlength"] == str(TEXT_MAX)
    bound = LossReportForm({"problems": "x" * (TEXT_MAX + 1)}, organisations=type(world.org_a).objects.all())
    assert "problems" in bound.errors
