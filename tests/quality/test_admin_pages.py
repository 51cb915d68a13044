"""The Django admin: every page opens, it writes through the services, and every list is readable.

* Every registered model's changelist, add form and the change form of one object, as association staff
  (the STAFF role, not a superuser) and as a superuser: no 5xx (403 where the admin allows no adding).
* The admin's classes: every admin of the portal's apps derives from the one base
  (``association.admin.base``), every inline writes through services or not at all.
* Saving in the admin runs the rules of the services: a contact changed in the admin records its change
  report, a new due time set by the action frees the reminders, a refusal is shown on the form.
* In Chromium at 1,366 px (zh-CN), every changelist fits the screen and no column is squeezed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import timezone

from association.admin.base import ScopedAdminMixin, ServiceInline
from association.choices import ObligationKind, ObligationStatus
from association.models import ContactPerson, Notification, Obligation, OutboundEmail, ReminderLog
from association.services.obligations import obligation_create
from tests import browser
from tests.conftest import client_for

PORTAL_APPS = {"association", "disasters", "mediation", "selfregulation", "campaigns", "governance"}
DEMO_PASSWORD = "Xj-demo-2026!"
#: the narrowest a column may be on a 1,366 px screen (a few characters of Chinese)
MIN_COLUMN_PX = 48
SCREEN_WIDTH = 1366
#: a column that needs more is squeezed when it gets less than this (about six Chinese characters a line)
READABLE_PX = 90


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def complete_every_model() -> None:
    """The demo data, plus a row for each registered model the demo leaves empty."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django_celery_beat.models import ClockedSchedule, SolarSchedule
    from rest_framework.authtoken.models import Token

    from association.models import GeneratedReport, ReportSubscription, User, WorkdayOverride
    from disasters.models import DailySummary, Event
    from mediation.models import Case, CaseImportJob
    from mediation.services.access import personal_data_reveal

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    staff = User.objects.get(username="staff")
    WorkdayOverride.objects.create(date=dt.date(2030, 10, 8), is_working_day=True, reason="调休")
    ReminderLog.objects.create(obligation=Obligation.objects.first(), step="due")
    report = GeneratedReport(kind="compliance-monthly", title="合规月报", period_start=dt.date(2026, 1, 1),
                             period_end=dt.date(2026, 1, 31), file_format="xlsx")  # fmt: skip
    report.file.save("report.xlsx", ContentFile(b"x"), save=True)
    ReportSubscription.objects.create(user=staff, kind="compliance-monthly")
    summary = DailySummary(event=Event.objects.first(), summary_date=dt.date(2026, 7, 2))
    summary.xlsx.save("s.xlsx", ContentFile(b"x"), save=False)
    summary.pdf.save("s.pdf", ContentFile(b"%PDF"), save=True)
    personal_data_reveal(case=Case.objects.first(), user=staff, via="admin")
    job = CaseImportJob(original_name="cases.xlsx", created_by=staff, status=CaseImportJob.Status.DONE)
    job.file.save("cases.xlsx", ContentFile(b"x"), save=True)
    Group.objects.create(name="报表")
    Token.objects.create(user=staff)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    SolarSchedule.objects.create(event="sunrise", latitude=43.8, longitude=87.6)
    # axes keeps its counters in the cache here: rows written without its signals
    AccessAttempt.objects.bulk_create([AccessAttempt(username="x", ip_address="127.0.0.1", failures_since_start=1)])
    AccessLog.objects.bulk_create([AccessLog(username="staff", ip_address="127.0.0.1")])
    AccessFailureLog.objects.bulk_create([AccessFailureLog(username="x", ip_address="127.0.0.1")])


def sample(model_admin, request):
    """One object the user can open (from the admin's own queryset), or any object of the model."""
    return model_admin.get_queryset(request).order_by("pk").first() or model_admin.model._default_manager.first()


# --- the admin's classes --------------------------------------------------------------------


def portal_admins():
    return [(m, a) for m, a in admin.site._registry.items() if m._meta.app_label in PORTAL_APPS]


def test_every_portal_admin_derives_from_the_base_and_every_inline_writes_through_services():
    for model, model_admin in portal_admins():
        assert isinstance(model_admin, ScopedAdminMixin), model._meta.label
        for inline in model_admin.inlines:
            assert issubclass(inline, ServiceInline), f"{model._meta.label}: {inline.__name__}"


def test_an_admin_without_a_service_may_not_write():
    """What names no service is read-only (unless it is reference data, saved as Django saves it)."""
    for model, model_admin in portal_admins():
        if model_admin.plain_writes:
            continue
        for hook, permission in [
            ("service_create", "add"),
            ("service_update", "change"),
            ("service_delete", "delete"),
        ]:
            if getattr(model_admin, hook) is None:
                assert not model_admin._may_write(hook), f"{model._meta.label} may {permission} without a service"


# --- every page opens -------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_admin_page_opens_for_staff_and_superuser(client, shipped_data):
    from association.models import User

    complete_every_model()
    failures, opened = [], 0
    for username in ("staff", "admin"):
        user = User.objects.get(username=username)
        assert user.is_staff and user.is_association_staff and user.is_superuser == (username == "admin")
        c = client_for(client, user)
        c.raise_request_exception = False  # a crash is a 500 in the list below, not the end of the test
        for model, model_admin in admin.site._registry.items():
            request = RequestFactory().get(admin_url(model, "changelist"))
            request.user, request.resolver_match = user, resolve(request.path)
            try:
                obj = sample(model_admin, request)
            except Exception as exc:  # the admin's own queryset crashed: its list will say so below
                failures.append(f"{username} {model._meta.label} get_queryset: {exc!r}")
                obj = model._default_manager.first()
            if model._meta.app_label in PORTAL_APPS:
                assert obj is not None, f"no {model._meta.label} to open"
            urls = [admin_url(model, "changelist"), admin_url(model, "add")]
            if obj is not None:
                urls.append(admin_url(model, "change", quote(obj.pk)))
            for url in urls:
                status = c.get(url).status_code
                opened += 1
                if status >= 500 or status not in (200, 302, 403):
                    failures.append(f"{username} {url}: {status}")
    assert not failures, "\n".join(failures)
    assert opened > 2 * 2 * len(portal_admins())


@pytest.mark.django_db
def test_submission_list_and_page_open_for_staff(world, client):
    """The crash this test was written for: staff's unrestricted scope (None) reached ``filter(…__in=None)``."""
    obligation = obligation_create(
        organisation=world.org_a, kind=ObligationKind.NOTICE_REPLY, title="报送", due_at=timezone.now()
    )
    from association.services.obligations import obligation_submit

    submission = obligation_submit(obligation=obligation, actor=world.users["member_a_manager"], text="已报送")
    c = client_for(client, world.users["staff"])
    assert c.get("/admin/association/submission/").status_code == 200
    assert c.get(f"/admin/association/submission/{submission.pk}/change/").status_code == 200
    # read-only: submissions are made in the portal
    assert c.get("/admin/association/submission/add/").status_code == 403


# --- the admin writes through the services ----------------------------------------------------


def contact_change_reports(contact):
    return Obligation.objects.filter(
        kind=ObligationKind.CONTACTS_CHANGE,
        subject_type=ContentType.objects.get_for_model(ContactPerson),
        subject_id=contact.pk,
    )


def contact_data(contact, **changes):
    data = {f: getattr(contact, f) for f in ["duty", "slot", "name", "position", "phone", "office_phone", "email"]}
    data["effective_from"] = ""
    return {k: ("" if v is None else v) for k, v in {**data, **changes}.items()}


@pytest.mark.django_db
def test_a_contact_changed_in_the_admin_records_its_change_report(world, client):
    contact = world.contact_a
    c = client_for(client, world.users["staff"])
    url = f"/admin/association/contactperson/{contact.pk}/change/"
    response = c.post(url, contact_data(contact, name="新联系人", effective_from="2026-03-02"))
    assert response.status_code == 302, response.content.decode()[:2000]
    contact.refresh_from_db()
    assert contact.name == "新联系人"
    report = contact_change_reports(contact).get()
    assert report.status == ObligationStatus.ACCEPTED and report.created_by == world.users["staff"]


@pytest.mark.django_db
def test_a_contact_changed_in_the_organisation_inline_records_its_change_report(world, client):
    org, contact = world.org_a, world.contact_a
    c = client_for(client, world.users["staff"])
    url = f"/admin/association/organisation/{org.pk}/change/"
    data = {
        "name": org.name, "short_name": org.short_name, "name_en": org.name_en, "credit_code": org.credit_code,
        "kind": org.kind, "tier": org.tier, "parent": "", "region": org.region_id or "",
        "membership_status": org.membership_status, "joined_on": "", "left_on": "", "is_active": "on",
        "address": org.address, "phone": org.phone, "email": org.email,
        "contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "1", "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000", "contacts-0-id": str(contact.pk), "contacts-0-organisation": str(org.pk),
        **{f"contacts-0-{k}": v for k, v in contact_data(contact, phone="13900001111",
                                                          effective_from="2026-03-02").items()},
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, membership in enumerate(org.memberships.all()):
        data |= {
            f"memberships-{i}-id": str(membership.pk),
            f"memberships-{i}-organisation": str(org.pk),
            f"memberships-{i}-user": str(membership.user_id),
            f"memberships-{i}-role": membership.role,
            f"memberships-{i}-is_active": "on",
        }
        data["memberships-TOTAL_FORMS"] = data["memberships-INITIAL_FORMS"] = str(i + 1)
    response = c.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    contact.refresh_from_db()
    assert contact.phone == "13900001111"
    assert contact_change_reports(contact).count() == 1


@pytest.fixture
def reminded(world):
    """An open obligation whose 24-hour reminder went out (a notification and a sent and an unsent e-mail)."""
    obligation = obligation_create(
        organisation=world.org_a, kind=ObligationKind.NOTICE_REPLY, title="年报", due_at=timezone.now()
    )
    log = ReminderLog.objects.create(obligation=obligation, step="before:24h")
    Notification.objects.create(user=world.users["member_a_manager"], title="提醒", body="", reminder=log)
    OutboundEmail.objects.create(to=["a@example.org"], subject="提醒", body="", reminder=log, sent_at=timezone.now())
    OutboundEmail.objects.create(to=["a@example.org"], subject="提醒", body="", reminder=log)
    return obligation


@pytest.mark.django_db
def test_the_due_time_action_sets_the_new_deadline_and_frees_the_reminders(world, client, reminded):
    c = client_for(client, world.users["staff"])
    url = "/admin/association/obligation/"
    selected = {"action": "set_due_time", "_selected_action": [str(reminded.pk)]}
    response = c.post(url, {**selected, "index": "0"})
    assert response.status_code == 200 and 'name="due_at"' in response.content.decode()
    response = c.post(url, {**selected, "due_at": "2030-06-30T17:30", "apply": "1"})
    assert response.status_code == 302
    reminded.refresh_from_db()
    assert timezone.localtime(reminded.due_at).replace(tzinfo=None) == dt.datetime(2030, 6, 30, 17, 30)
    assert not reminded.reminders.exists()  # the steps happen again for the new deadline
    assert Notification.objects.filter(title="提醒", reminder=None).count() == 1  # what people were told stays
    assert list(OutboundEmail.objects.filter(subject="提醒").values_list("sent_at", flat=True)) != [None]
    assert OutboundEmail.objects.filter(subject="提醒").count() == 1  # the unsent one about the old deadline


@pytest.mark.django_db
def test_status_and_due_time_cannot_be_changed_in_the_obligation_form(world, client, reminded):
    c = client_for(client, world.users["staff"])
    due = reminded.due_at
    url = f"/admin/association/obligation/{reminded.pk}/change/"
    page = c.get(url).content.decode()
    assert 'name="status"' not in page and 'name="due_at' not in page
    data = {"title": "年报（更正）", "description": "", "owed_to": "", "status": "accepted", "due_at_0": "2030-01-01",
            "due_at_1": "00:00:00", "submissions-TOTAL_FORMS": "0", "submissions-INITIAL_FORMS": "0"}  # fmt: skip
    response = c.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    reminded.refresh_from_db()
    assert reminded.title == "年报（更正）" and reminded.status == ObligationStatus.OPEN and reminded.due_at == due
    # accepting needs a submission: the action says so and changes nothing
    accept = {"action": "accept_submission", "index": "0", "_selected_action": [str(reminded.pk)]}
    response = c.post("/admin/association/obligation/", accept, follow=True)
    assert response.status_code == 200
    reminded.refresh_from_db()
    assert reminded.status == ObligationStatus.OPEN


@pytest.mark.django_db
def test_a_notice_written_in_the_admin_is_a_draft_until_issued_then_read_only(world, client):
    from association.models import Notice

    c = client_for(client, world.users["staff"])
    data = {
        "kind": "notice", "reference": "新保协〔2026〕1号", "title": "关于报送联系人的通知", "body": "请报送。",
        "recipients": [str(world.org_a.pk), str(world.org_b.pk)],
        "replies-TOTAL_FORMS": "1", "replies-INITIAL_FORMS": "0", "replies-MIN_NUM_FORMS": "0",
        "replies-MAX_NUM_FORMS": "1000", "replies-0-title": "联系人名单", "replies-0-due_at_0": "2030-03-31",
        "replies-0-due_at_1": "17:30:00",
    }  # fmt: skip
    response = c.post("/admin/association/notice/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = Notice.objects.get(title="关于报送联系人的通知")
    assert set(notice.recipients.all()) == {world.org_a, world.org_b} and notice.replies.count() == 1
    issue = {"action": "issue", "index": "0", "_selected_action": [str(notice.pk)]}
    assert c.post("/admin/association/notice/", issue).status_code == 302
    assert Obligation.objects.filter(kind=ObligationKind.NOTICE_REPLY, subject_id=notice.pk).count() == 2
    # issued: what the members owe replies to no longer changes
    assert c.post(f"/admin/association/notice/{notice.pk}/change/", data).status_code == 403
    assert c.post(f"/admin/association/notice/{notice.pk}/delete/", {"post": "yes"}).status_code == 403


@pytest.mark.django_db
def test_a_service_refusal_is_shown_on_the_form_and_nothing_is_saved(world, client, english):
    from association.choices import Role
    from tests.factories import MembershipFactory, UserFactory

    # user accounts are the administrator's (issue 14): an administrator edits their own account here
    staff = UserFactory(username="administrator", is_staff=True)
    MembershipFactory(user=staff, organisation=world.association, role=Role.ADMINISTRATOR)
    c = client_for(client, staff)
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {
        "username": staff.username, "first_name": "", "last_name": "", "email": "", "is_staff": "on",
        "display_name": "改名", "phone": "",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = c.post(f"/admin/association/user/{staff.pk}/change/", data)  # is_active left out: deactivate
    assert response.status_code == 200
    assert "You cannot deactivate your own account." in response.content.decode()
    staff.refresh_from_db()
    assert staff.is_active and staff.display_name != "改名"  # the whole save was rolled back


@pytest.mark.django_db
def test_a_refused_delete_is_a_message(world, client, english):
    c = client_for(client, world.users["staff"])
    c.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = c.post(f"/admin/association/organisation/{world.org_b.pk}/delete/", {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert any("remove their memberships first" in str(m) for m in response.context["messages"])
    assert world.org_b.__class__.objects.filter(pk=world.org_b.pk).exists()


# --- every list fits a 1,366 px screen --------------------------------------------------------

MEASURE = """() => {
  const table = document.querySelector('#result_list');
  if (!table) return null;
  const results = table.closest('.results') || table.parentElement;
  const headings = [...table.querySelectorAll('thead th')]
    .filter(th => !th.classList.contains('action-checkbox-column'));
  const widths = () => headings.map(th => Math.round(th.getBoundingClientRect().width));
  const fitted = widths();
  table.style.width = 'max-content';  // what each column needs on one line
  const natural = widths();
  table.style.width = '';
  return {
    viewport: document.documentElement.clientWidth,
    tableRight: Math.round(table.getBoundingClientRect().right),
    overflow: results.scrollWidth - results.clientWidth,
    pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    columns: headings.map((th, i) => ({
      name: [...th.classList].find(c => c.startsWith('column-')) || th.innerText.trim(),
      width: fitted[i], natural: natural[i],
    })),
  };
}"""


@pytest.mark.browser
@browser.requires_chromium
@pytest.mark.django_db(transaction=True)
def test_every_changelist_fits_a_1366_px_screen(chromium, live_server, shipped_data):
    complete_every_model()
    problems = []
    with browser.page(chromium, live_server.url, width=SCREEN_WIDTH, height=900, locale="zh-CN") as page:
        browser.sign_in(page, "staff", DEMO_PASSWORD)
        for model, _model_admin in portal_admins():
            url = admin_url(model, "changelist")
            page.goto(url)
            m = page.evaluate(MEASURE)
            if m is None:
                problems.append(f"{url}: no result table")
                continue
            if m["tableRight"] > m["viewport"] or m["overflow"] > 1 or m["pageOverflow"] > 1:
                problems.append(f"{url}: wider than the screen ({m})")
            narrow = [
                f"{c['name']} {c['width']}px (needs {c['natural']}px)"
                for c in m["columns"]
                if c["width"] < max(MIN_COLUMN_PX, min(c["natural"], READABLE_PX))
            ]
            if narrow:
                problems.append(f"{url}: squeezed columns {narrow}")
    assert not problems, "\n".join(problems)
