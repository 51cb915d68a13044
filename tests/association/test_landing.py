"""Each role lands on its work (issue 15, point 4): a mediator on their cases and time limits; the monthly
market return answered on its structured form (one route); the annual contacts confirmation once per company,
showing every branch's A and B contacts, confirmed as they are."""

import datetime as dt
import importlib

import pytest
from django.urls import reverse
from django.utils import timezone

from association.choices import ContactDuty, ObligationKind, ObligationStatus, OrganisationTier, required_contact_duties
from association.models import ContactPerson, Obligation, Submission
from association.services.contact_obligations import contacts_confirmation_create
from association.services.obligations import obligation_create, obligation_submit
from mediation.models import Case
from selfregulation.services.monitoring import returns_open
from tests.conftest import client_for
from tests.factories import ContactFactory, OrganisationFactory, UserFactory
from tests.mediation.helpers import assigned_case

pytestmark = pytest.mark.django_db


# --- a mediator's home ---------------------------------------------------------------------------------


def _cases_due(world, days_from_today: list[int]) -> list[Case]:
    today = timezone.localdate()
    cases = []
    for days in days_from_today:
        case = assigned_case(world)
        Case.objects.filter(pk=case.pk).update(mediation_due_on=today + dt.timedelta(days=days))
        cases.append(case)
    return cases


def test_a_mediator_lands_on_their_cases_nearest_time_limit_first(world, client):
    late, far, near = _cases_due(world, [-2, 20, 3])
    other = UserFactory(username="other_mediator")
    other.memberships.create(organisation=world.association, role="mediator")
    not_mine = assigned_case(world)
    Case.objects.filter(pk=not_mine.pk).update(mediator=other)
    c = client_for(client, world.users["mediator"])
    response = c.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("overview")
    html = response.content.decode()
    assert 'id="table-my-cases"' in html
    assert 'id="period-picker"' not in html  # a mediator's work is not a period
    assert 'id="panel-obligations"' not in html  # nothing owed by a mediator
    positions = [html.index(case.number) for case in (late, near, far)]
    assert positions == sorted(positions)
    assert not_mine.number not in html
    assert "已逾期 2 天" in html and "剩余 3 天" in html
    detail = reverse("mediation-case-detail", args=[late.pk])
    assert f'href="{detail}#workflow"' in html  # the step to take, on the case's workflow
    assert c.get(detail).status_code == 200


def test_a_mediator_without_cases_sees_so(world, client):
    html = client_for(client, world.users["mediator"]).get(reverse("overview")).content.decode()
    assert "没有分配给您的未结案件" in html


def test_the_mediator_home_exports_its_table(world, client):
    _cases_due(world, [1])
    response = client_for(client, world.users["mediator"]).get(reverse("overview-export", args=["my-cases"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("role", ["staff", "member_a_manager", "regulator_x"])
def test_the_other_roles_keep_their_overview(world, client, role):
    _cases_due(world, [1])
    html = client_for(client, world.users[role]).get(reverse("overview")).content.decode()
    assert 'id="table-my-cases"' not in html


def test_the_mediator_home_takes_the_same_queries_for_one_or_many_cases(world, client, django_assert_max_num_queries):
    c = client_for(client, world.users["mediator"])
    _cases_due(world, [1])
    with django_assert_max_num_queries(25) as one:
        c.get(reverse("overview"))
    _cases_due(world, [2, 3, 4, 5, 6, 7, 8, 9, -1, -2])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = c.get(reverse("overview"))
    assert response.content.decode().count('row-action"') == 11


@pytest.mark.parametrize("query", ["?period=nonsense", "?period=custom&date_from=x&date_to=2026-13-40", "?page=%00"])
def test_the_mediator_home_survives_bad_input(world, client, query):
    assert client_for(client, world.users["mediator"]).get(reverse("overview") + query).status_code in (200, 400)


# --- the monthly market return: one route ----------------------------------------------------------------


@pytest.fixture
def market_return(world):
    month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    returns_open(period=month)
    obligation = Obligation.objects.get(organisation=world.org_a, kind=ObligationKind.DATA_RETURN)
    return obligation, month


def test_the_return_obligation_opens_the_structured_form(world, client, market_return):
    obligation, month = market_return
    c = client_for(client, world.users["member_a_reporter"])
    response = c.get(reverse("obligation-detail", args=[obligation.pk]))
    form_url = reverse("selfregulation-returns")
    assert response.status_code == 302
    assert response["Location"] == f"{form_url}?organisation={world.org_a.pk}&month={month:%Y-%m}#return-form"
    page = c.get(response["Location"]).content.decode()
    assert 'id="return-asked"' in page
    assert f'<option value="{world.org_a.pk}" selected>' in page
    assert f'value="{month:%Y-%m}"' in page


def test_no_free_text_answer_for_the_return(world, client, market_return):
    obligation, _month = market_return
    c = client_for(client, world.users["member_a_reporter"])
    response = c.post(reverse("obligation-detail", args=[obligation.pk]), {"action": "submit", "text": "见附件"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("selfregulation-returns"))
    assert not Submission.objects.filter(obligation=obligation).exists()
    with pytest.raises(Exception, match=r"/selfregulation/|/monitoring/"):
        obligation_submit(obligation=obligation, actor=world.users["member_a_reporter"], text="见附件")
    staff_page = client_for(client, world.users["staff"]).get(reverse("obligation-detail", args=[obligation.pk]))
    html = staff_page.content.decode()
    assert 'id="submit-form"' not in html and 'id="answer-page"' in html


def test_the_structured_form_answers_the_obligation(world, client, market_return):
    obligation, month = market_return
    c = client_for(client, world.users["member_a_reporter"])
    figures = {
        "organisation": world.org_a.pk,
        "month": f"{month:%Y-%m}",
        "written_premium": "1000000",
        "policies": "120",
        "claims_paid": "500000",
        "combined_expense_ratio": "30",
        "combined_cost_ratio": "95",
    }
    assert c.post(reverse("selfregulation-returns"), figures).status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.ACCEPTED
    assert obligation.submissions.get().submitted_by == world.users["member_a_reporter"]


def test_notification_links_lead_to_the_same_form(world, client, market_return):
    obligation, _month = market_return
    from association.models import Notification

    url = reverse("obligation-detail", args=[obligation.pk])  # what the reminders put in their notifications
    note = Notification.objects.create(user=world.users["member_a_reporter"], title="t", body="b", url=url)
    c = client_for(client, world.users["member_a_reporter"])
    response = c.get(reverse("notification-open", args=[note.pk]), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("selfregulation-returns") + "?organisation=")


@pytest.mark.parametrize(
    "query",
    ["?organisation=abc&month=2026-13", "?organisation=99999999&month=2026-01", "?organisation=1&month=%00", "?month="],
)
def test_the_return_form_survives_bad_links(world, client, query):
    response = client_for(client, world.users["member_a_reporter"]).get(reverse("selfregulation-returns") + query)
    assert response.status_code in (200, 400)  # a NUL byte is refused before the view
    assert 'id="return-asked"' not in response.content.decode()


def test_another_companys_return_is_not_filled_in(world, client, market_return):
    _obligation, month = market_return
    url = f"{reverse('selfregulation-returns')}?organisation={world.org_b.pk}&month={month:%Y-%m}"
    html = client_for(client, world.users["member_a_reporter"]).get(url).content.decode()
    assert 'id="return-asked"' not in html and world.org_b.name not in html


# --- the annual contacts confirmation: one per company ------------------------------------------------------


def _fill_contacts(org):
    for duty in required_contact_duties(org.kind):
        for slot in ("A", "B"):
            if not ContactPerson.objects.filter(organisation=org, duty=duty, slot=slot).exists():
                ContactFactory(organisation=org, duty=duty, slot=slot)


def test_one_confirmation_per_company(world):
    assert contacts_confirmation_create(year=2028) == 2  # A (with its branch) and B
    owed = Obligation.objects.filter(kind=ObligationKind.CONTACTS_CONFIRMATION)
    assert set(owed.values_list("organisation", flat=True)) == {world.org_a.pk, world.org_b.pk}
    assert contacts_confirmation_create(year=2028) == 0


def _confirmation(world):
    contacts_confirmation_create(year=2028)
    return Obligation.objects.get(kind=ObligationKind.CONTACTS_CONFIRMATION, organisation=world.org_a)


def test_the_confirmation_page_shows_every_branchs_contacts(world, client):
    obligation = _confirmation(world)
    c = client_for(client, world.users["member_a_manager"])
    response = c.get(reverse("obligation-detail", args=[obligation.pk]))
    page_url = reverse("contacts-confirmation", args=[obligation.pk])
    assert response.status_code == 302 and response["Location"] == page_url
    html = c.get(page_url).content.decode()
    assert world.org_a.name in html and world.org_a_branch.name in html
    assert world.contact_a.name in html and world.contact_a_branch.name in html
    edit = reverse("contact-edit", args=[world.org_a_branch.pk, ContactDuty.DISASTER, "B"])
    assert f'href="{edit}?next={page_url}"' in html
    assert 'id="missing-contacts"' in html  # the factory's world has one contact each


def test_confirm_as_they_are_records_the_confirmation_and_who(world, client):
    obligation = _confirmation(world)
    _fill_contacts(world.org_a)
    _fill_contacts(world.org_a_branch)
    c = client_for(client, world.users["member_a_manager"])
    url = reverse("contacts-confirmation", args=[obligation.pk])
    assert c.post(url).status_code == 302
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.SUBMITTED
    submission = obligation.submissions.get()
    assert submission.submitted_by == world.users["member_a_manager"]
    assert submission.data["confirmed_as_they_are"] is True and submission.data["organisations"] == 2
    html = c.get(url).content.decode()
    assert 'id="confirmed-by"' in html and 'id="confirm-as-they-are"' not in html
    again = c.post(url)  # waiting for the association's review: refused with a clear error, nothing stored
    assert again.status_code == 200 and 'id="confirm-error"' in again.content.decode()
    assert obligation.submissions.count() == 1


def test_a_missing_contact_refuses_the_confirmation(world, client):
    obligation = _confirmation(world)
    _fill_contacts(world.org_a)  # the branch still lacks contacts
    c = client_for(client, world.users["member_a_manager"])
    response = c.post(reverse("contacts-confirmation", args=[obligation.pk]))
    assert response.status_code == 200
    assert 'id="confirm-error"' in response.content.decode()
    assert world.org_a_branch.name in response.content.decode()
    obligation.refresh_from_db()
    assert obligation.status == ObligationStatus.OPEN


def test_the_edit_link_comes_back_to_the_confirmation(world, client):
    obligation = _confirmation(world)
    page_url = reverse("contacts-confirmation", args=[obligation.pk])
    edit = reverse("contact-edit", args=[world.org_a_branch.pk, ContactDuty.GENERAL, "A"])
    c = client_for(client, world.users["member_a_manager"])
    data = {"name": "王五", "position": "", "phone": "13900001111", "office_phone": "", "email": "w@example.org",
            "effective_from": "2026-11-02"}  # fmt: skip
    response = c.post(f"{edit}?next={page_url}", data)
    assert response.status_code == 302 and response["Location"] == page_url
    response = c.post(f"{edit}?next=https://evil.example.org/", {**data, "name": "王六"})
    assert response["Location"] == reverse("organisation-detail", args=[world.org_a_branch.pk])


def test_the_confirmation_page_is_scoped(world, client):
    obligation = _confirmation(world)
    url = reverse("contacts-confirmation", args=[obligation.pk])
    assert client_for(client, world.users["member_b"]).get(url).status_code == 404
    assert client_for(client, world.users["member_b"]).post(url).status_code == 404
    other = obligation_create(
        organisation=world.org_a, kind=ObligationKind.OTHER, title="x", due_at=timezone.now() + dt.timedelta(days=3)
    )
    c = client_for(client, world.users["member_a_manager"])
    assert c.get(reverse("contacts-confirmation", args=[other.pk])).status_code == 404
    assert c.get("/obligations/99999999/contacts/").status_code == 404
    assert c.put(url).status_code == 405
    assert client_for(client, world.users["staff"]).get(url).status_code == 200


def test_the_confirmation_page_takes_the_same_queries_for_1_or_30_branches(
    world, client, django_assert_max_num_queries
):
    obligation = _confirmation(world)
    c = client_for(client, world.users["member_a_manager"])
    url = reverse("contacts-confirmation", args=[obligation.pk])
    with django_assert_max_num_queries(30) as one:
        c.get(url)
    for n in range(29):
        branch = OrganisationFactory(name=f"甲财险第{n}支公司", tier=OrganisationTier.PREFECTURE, parent=world.org_a)
        _fill_contacts(branch)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = c.get(url).content.decode()
    assert html.count('class="card mb-3 confirmation-organisation"') == 31


def test_the_migration_merges_branch_confirmations_into_the_company(world):
    from django.apps import apps

    migration = importlib.import_module("association.migrations.0018_contacts_confirmation_per_company")
    due = timezone.now() + dt.timedelta(days=30)
    second_branch = OrganisationFactory(tier=OrganisationTier.PREFECTURE, parent=world.org_a_branch)

    def owed(org, year, status=ObligationStatus.OPEN):
        ob = obligation_create(
            organisation=org,
            kind=ObligationKind.CONTACTS_CONFIRMATION,
            title="确认",
            due_at=due,
            dedupe_key=f"contacts-confirmation:{year}:{org.pk}",
        )
        Obligation.objects.filter(pk=ob.pk).update(status=status)
        return ob

    head_2027 = owed(world.org_a, 2027)
    branch_2027 = owed(world.org_a_branch, 2027)
    branch_2028 = owed(world.org_a_branch, 2028)
    nested_2028 = owed(second_branch, 2028)
    submitted = owed(world.org_a_branch, 2026, ObligationStatus.SUBMITTED)
    migration.merge_into_company(apps, None)
    for ob in (head_2027, branch_2027, branch_2028, nested_2028, submitted):
        ob.refresh_from_db()
    assert branch_2027.status == ObligationStatus.CANCELLED  # the company has its own for 2027
    assert head_2027.status == ObligationStatus.OPEN
    assert branch_2028.organisation == world.org_a
    assert branch_2028.dedupe_key == f"contacts-confirmation:2028:{world.org_a.pk}"
    assert nested_2028.status == ObligationStatus.CANCELLED  # merged into the one just moved to the company
    assert submitted.organisation == world.org_a_branch and submitted.status == ObligationStatus.SUBMITTED
