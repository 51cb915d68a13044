"""Each role lands on its work, in a real browser (zh-CN, 1,366 px and 390 px): the mediator signs in and lands
on their cases by the nearest time limit; a member manager opens the annual contacts confirmation from the
inbox and confirms every branch's contacts as they are.
Screenshots: test-artifacts/mediator-home-<width>.png, test-artifacts/contacts-confirmation-<width>.png,
test-artifacts/contacts-confirmed-<width>.png."""

import datetime as dt

import pytest
from django.db.models import Q
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus, OrganisationTier, required_contact_duties
from association.models import ContactPerson, Obligation, Organisation
from association.services.contact_obligations import contacts_confirmation_create
from mediation.models import Case
from tests import browser
from tests.factories import TEST_PASSWORD, ContactFactory, OrganisationFactory
from tests.mediation.helpers import assigned_case

pytestmark = [pytest.mark.browser, browser.requires_chromium]


@pytest.fixture(params=[1366, 390], ids=["wide", "phone"])
def page(request, chromium, live_server, world):
    with browser.page(chromium, live_server.url, width=request.param, height=900) as p:
        p.width = request.param
        yield p


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_the_mediator_lands_on_their_cases_and_time_limits(page, world):
    today = timezone.localdate()
    cases = []
    for days in (12, -3, 2, 0):
        case = assigned_case(world)
        Case.objects.filter(pk=case.pk).update(mediation_due_on=today + dt.timedelta(days=days))
        cases.append(case)
    browser.sign_in(page, "mediator", TEST_PASSWORD)
    page.goto("/")
    assert page.url.endswith("/overview/")
    rows = page.locator("#table-my-cases tbody tr")
    assert rows.count() == 4
    assert rows.nth(0).inner_text().count(cases[1].number) == 1 and "已逾期 3 天" in rows.nth(0).inner_text()
    assert "今天到期" in rows.nth(1).inner_text()
    assert "剩余 12 天" in rows.nth(3).inner_text()
    browser.screenshot(page, f"mediator-home-{page.width}")
    assert no_sideways_scroll(page)  # on a phone each case is a card
    action = rows.nth(0).locator(".row-action")
    assert action.is_visible()
    box = action.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.width
    with page.expect_navigation():
        action.click()
    assert f"/cases/{cases[1].pk}/" in page.url


def test_a_manager_confirms_every_branchs_contacts_as_they_are(page, world):
    for n in range(3):
        OrganisationFactory(name=f"甲财险第{n + 1}中心支公司", tier=OrganisationTier.PREFECTURE, parent=world.org_a)
    contacts_confirmation_create(year=timezone.localdate().year + 1)
    obligation = Obligation.objects.get(kind=ObligationKind.CONTACTS_CONFIRMATION, organisation=world.org_a)
    for org in Organisation.objects.filter(Q(parent=world.org_a) | Q(pk=world.org_a.pk)):
        for duty in required_contact_duties(org.kind):
            for slot in ("A", "B"):
                if not ContactPerson.objects.filter(organisation=org, duty=duty, slot=slot).exists():
                    ContactFactory(organisation=org, duty=duty, slot=slot)
    browser.sign_in(page, "member_a_manager", TEST_PASSWORD)
    page.goto(f"/obligations/{obligation.pk}/")  # as the inbox, a notification or a reminder e-mail links it
    assert page.url.endswith(f"/obligations/{obligation.pk}/contacts/")
    assert page.locator(".confirmation-organisation").count() == 5  # the company and its four branches
    assert page.locator(".contact-edit-link").first.is_visible()
    assert no_sideways_scroll(page)
    browser.screenshot(page, f"contacts-confirmation-{page.width}")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("#confirm-as-they-are")
    assert page.locator("#confirmed-by").is_visible()
    browser.screenshot(page, f"contacts-confirmed-{page.width}")
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUBMITTED
    assert obligation.submissions.get().submitted_by == world.users["member_a_manager"]
