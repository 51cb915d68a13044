"""On a 390×844 phone (issue 15, point 9): every list and form page of the daily loop fits the screen.

Each role of the demo data signs in at 390 px in zh-CN and opens its lists (inbox, compliance, notices,
findings, rectifications, returns, cases, events, campaigns and their activities, alerts, meetings,
trainings, consultations, people, organisations) and its forms (an obligation, a loss report, the monthly
return, an activity). A page fails when it scrolls sideways (the document is wider than the window by more
than 1 px), when its main button or link is missing or off-screen, or when any visible control of the page
sticks out on the right. Lists are cards below 576 px (``table.cards``): each card shows its cells with
their column labels, the due time among them. Forms show the due time and what is asked above the form.
Screenshots: test-artifacts/phone-<name>.png (the top of the page), phone-<name>-list.png (its first cards).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.deadlines import BEIJING
from association.models import Obligation, Submission
from association.services.obligations import obligation_create
from tests import browser
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, browser.requires_chromium]

DEMO_PASSWORD = "Xj-demo-2026!"
PHONE = {"width": 390, "height": 844}

#: what the page measures: sideways scroll, the main element's box, controls sticking out on the right
MEASURE = """(main) => {
  const width = window.innerWidth;
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
  const shown = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
    && getComputedStyle(el).visibility !== "hidden"; };
  const target = main ? document.querySelector(main) : null;
  const outside = [...document.querySelectorAll("main a, main button, main input, main select, main textarea")]
    .filter((el) => shown(el) && !el.closest(".table-responsive:not(:has(> table.cards))")
      && el.getBoundingClientRect().right > width + 1)
    .map((el) => (el.id ? "#" + el.id : el.tagName.toLowerCase()) + " "
      + (el.textContent || el.name || "").trim().slice(0, 20));
  const scrolled = [...document.querySelectorAll("main table.cards")].map((t) => t.closest(".table-responsive"))
    .filter((el) => el && shown(el) && el.scrollWidth > el.clientWidth + 1)
    .map((el) => el.querySelector("table").id || "table");
  return {
    width, scrollWidth: document.documentElement.scrollWidth,
    main: target && shown(target) ? box(target) : null,
    outside, scrolled,
  };
}"""


def check(page, name: str, main: str | None, *, above: tuple[str, str] | None = None) -> list[str]:
    """Measure the open page; return what is wrong with it (empty when it fits the phone). ``above``: two
    selectors, the first (the due time, what is asked) must be shown above the second (the form)."""
    browser.screenshot(page, f"phone-{name}", full_page=False)
    if page.evaluate("""() => { const row = document.querySelector("main table.cards > tbody > tr");
        if (row) { window.scrollTo({top: row.getBoundingClientRect().top + window.scrollY - 8, behavior: "instant"}); }
        return !!row; }"""):
        browser.screenshot(page, f"phone-{name}-list", full_page=False)  # the first cards
        page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    m = page.evaluate(MEASURE, main)
    problems = []
    if m["scrollWidth"] > m["width"] + 1:
        problems.append(f"{name}: scrolls sideways ({m['scrollWidth']} px in a {m['width']} px window)")
    if main and m["main"] is None:
        problems.append(f"{name}: main element {main} missing or hidden")
    elif main and (m["main"]["right"] > m["width"] + 1 or m["main"]["left"] < -1):
        problems.append(f"{name}: main element {main} off-screen ({m['main']})")
    if m["outside"]:
        problems.append(f"{name}: controls off-screen {m['outside']}")
    if m["scrolled"]:
        problems.append(f"{name}: lists scroll sideways {m['scrolled']}")
    if above:
        first, second = (page.locator(selector).first for selector in above)
        if not (first.is_visible() and second.is_visible()):
            problems.append(f"{name}: {above} not both shown")
        elif first.bounding_box()["y"] >= second.bounding_box()["y"]:
            problems.append(f"{name}: {above[0]} is not above {above[1]}")
    return problems


@pytest.fixture
def demo(settings, tmp_path, transactional_db):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def phone(chromium, live_server, demo):
    def open_as(username: str):
        ctx = browser.page(chromium, live_server.url, width=PHONE["width"], height=PHONE["height"])
        p = ctx.__enter__()
        p._ctx = ctx
        browser.sign_in(p, username, DEMO_PASSWORD)
        return p

    pages = []

    def factory(username):
        p = open_as(username)
        pages.append(p)
        return p

    yield factory
    for p in pages:
        p._ctx.__exit__(None, None, None)


def visit(page, path: str, name: str, main: str | None, **kwargs) -> list[str]:
    response = page.goto(path)
    if response is None or response.status != 200:
        return [f"{name}: {path} answered {response.status if response else 'nothing'}"]
    return check(page, name, main, **kwargs)


def open_obligation(username_org_short: str) -> Obligation:
    return (
        Obligation.objects.filter(
            organisation__short_name=username_org_short,
            status__in=[ObligationStatus.OPEN, ObligationStatus.RETURNED],
        )
        .order_by("due_at")
        .first()
    )


def test_the_daily_pages_fit_a_phone(phone):
    from campaigns.models import Campaign
    from disasters.models import Event

    problems = []
    card = "table.cards > tbody > tr:first-child"

    reporter = phone("picc.reporter")
    problems += visit(reporter, "/inbox/", "inbox-reporter", "#inbox-table a.btn")
    ob = open_obligation("人保财险")
    problems += visit(
        reporter, f"/obligations/{ob.pk}/", "obligation-reporter", "#submit .btn-primary",
        above=("#obligation-due-top", "#submit-form"),
    )  # fmt: skip
    problems += visit(reporter, "/notices/", "notices-reporter", f"{card} a")
    problems += visit(reporter, "/disasters/", "events-reporter", f"{card} a")
    for event in Event.objects.order_by("-pk"):
        if reporter.goto(f"/disasters/{event.pk}/loss-report/").status == 200:
            problems += check(
                reporter,
                "loss-report-reporter",
                "main form button.btn-primary",
                above=("#loss-report-due", "main form"),
            )
            break
    else:
        problems.append("loss-report-reporter: no event the reporter's company reports on")
    problems += visit(reporter, "/campaigns/", "campaigns-reporter", f"{card} a")
    campaign = Campaign.objects.order_by("-pk").first()
    problems += visit(reporter, f"/campaigns/{campaign.pk}/", "campaign-reporter", None)
    problems += visit(
        reporter, f"/campaigns/{campaign.pk}/activities/new/", "activity-form-reporter", "#activity-form .btn-primary"
    )
    problems += visit(reporter, "/selfregulation/monitoring/", "returns-reporter", "#return-form .btn-primary")
    problems += visit(reporter, "/selfregulation/findings/", "findings-reporter", None)
    problems += visit(reporter, "/governance/meetings/", "meetings-reporter", None)
    problems += visit(reporter, "/governance/trainings/", "trainings-reporter", None)

    manager = phone("picc.manager")
    problems += visit(manager, "/people/", "people-manager", "#send-invitation")

    staff = phone("staff")
    problems += visit(staff, "/inbox/?status=review", "inbox-staff", f"{card} a.btn")
    problems += check(staff, "inbox-staff-select-all", "#select-all")
    problems += visit(staff, "/compliance/?period=last_month", "compliance-staff", "#compliance-form button")
    problems += visit(staff, "/organisations/", "organisations-staff", f"{card} a")
    problems += visit(staff, "/selfregulation/findings/", "findings-staff", f"{card} a")
    problems += visit(staff, "/selfregulation/rectifications/", "rectifications-staff", None)
    problems += visit(staff, "/selfregulation/circulars/", "circulars-staff", None)
    problems += visit(staff, "/campaigns/alerts/", "alerts-staff", None)
    problems += visit(staff, "/governance/meetings/", "meetings-staff", f"{card} a")
    problems += visit(staff, "/governance/trainings/", "trainings-staff", f"{card} a")
    problems += visit(staff, "/governance/consultations/", "consultations-staff", f"{card} a")

    mediator = phone("mediator")
    problems += visit(mediator, "/mediation/cases/", "cases-mediator", f"{card} a")

    regulator = phone("regulator")
    problems += visit(regulator, "/disasters/", "events-regulator", f"{card} a")
    problems += visit(regulator, "/compliance/?period=last_month", "compliance-regulator", None)

    assert not problems, "\n".join(problems)


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def fits(page) -> None:
    """The page does not scroll sideways on the phone."""
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1] + 1, width


def on_screen(page, selector: str) -> None:
    """The element is shown and its right edge is inside the phone's screen."""
    element = page.locator(selector)
    assert element.is_visible(), selector
    box = element.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (selector, box)


def test_a_reporter_submits_from_a_phone(chromium, live_server, world, settings, tmp_path):
    """The journey "a reporter submits from a phone": sign in at 390×844, open the obligation from the inbox's
    card, read the due time and what is asked above the form, write the answer, attach a PDF, submit, see it
    submitted. Screenshots: test-artifacts/phone-journey-<step>.png."""
    settings.MEDIA_ROOT = tmp_path / "media"
    now = timezone.now()
    owed = obligation_create(
        organisation=world.org_a,
        kind=ObligationKind.DATA_RETURN,
        title="2026年10月车险业务数据报送",
        description="请于截止时间前报送10月车险签单保费、保单件数和已决赔款，并附情况说明。",
        due_at=now + dt.timedelta(days=1, hours=6),
    )
    obligation_create(
        organisation=world.org_a,
        kind=ObligationKind.NOTICE_REPLY,
        title="关于开展冬季防灾减灾保险服务工作的通知（书面回复）",
        due_at=now + dt.timedelta(days=8),
    )
    with browser.page(chromium, live_server.url, width=PHONE["width"], height=PHONE["height"]) as page:
        browser.sign_in(page, "member_a_reporter", TEST_PASSWORD)
        browser.screenshot(page, "phone-journey-1-signed-in", full_page=False)
        fits(page)

        page.goto("/inbox/")
        card = page.locator(f"#obligation-{owed.pk}")
        due_cell = card.locator("td[data-label='截止时间（北京时间）']")  # the due time, labelled, in the card
        assert owed.due_at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") in due_cell.inner_text()
        assert card.locator("[data-due]").is_visible()
        on_screen(page, f"#obligation-{owed.pk} a.btn")
        browser.screenshot(page, "phone-journey-2-inbox", full_page=False)
        fits(page)

        with page.expect_navigation():
            page.click(f"#obligation-{owed.pk} a.btn")
        assert page.url == f"{live_server.url}/obligations/{owed.pk}/#submit"
        due = page.locator("#obligation-due-top")
        form = page.locator("#submit-form")
        assert due.is_visible() and page.locator("#obligation-description").is_visible()
        assert due.bounding_box()["y"] < form.bounding_box()["y"]  # the due time before the form
        assert page.locator("#obligation-description").bounding_box()["y"] < form.bounding_box()["y"]
        page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
        browser.screenshot(page, "phone-journey-3-obligation", full_page=False)
        fits(page)

        page.fill("#id_text", "10月车险数据已按要求报送，情况说明见附件。")
        page.set_input_files(
            "#id_files", files=[{"name": "10月车险数据说明.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        submit = "#submit-form button[name=action][value=submit]"
        page.locator(submit).scroll_into_view_if_needed()
        on_screen(page, submit)
        browser.screenshot(page, "phone-journey-4-filled", full_page=False)
        with page.expect_navigation():
            page.click(submit)

        assert page.locator("#obligation-status").get_attribute("data-status") == "submitted"
        assert page.locator("main .alert-success").is_visible()
        assert page.locator("#submission-v1 .attachments a").inner_text() == "10月车险数据说明.pdf"
        assert page.locator("#submit-form").count() == 0
        browser.screenshot(page, "phone-journey-5-submitted", full_page=False)
        fits(page)

        page.goto("/inbox/?status=submitted")
        assert page.locator(f"#obligation-{owed.pk}").is_visible()
        browser.screenshot(page, "phone-journey-6-inbox-after", full_page=False)
        fits(page)

    submission = Submission.objects.get(obligation=owed)
    assert submission.submitted_by == world.users["member_a_reporter"]
    assert submission.attachments.get().original_name == "10月车险数据说明.pdf"


#: the list pages of the daily loop: their list table is a card list on a phone (table.cards)
CARD_LISTS = {
    "association/obligations/inbox.html": "inbox-table",
    "association/obligations/compliance.html": "compliance-table",
    "association/notices/list.html": "notice-table",
    "selfregulation/finding_list.html": "finding-list",
    "selfregulation/rectification_list.html": "rectification-list",
    "selfregulation/circular_list.html": "circular-list",
    "selfregulation/returns.html": "return-list",
    "mediation/case_list.html": "case-list",
    "disasters/event_list.html": "disaster-events",
    "disasters/loss_report_form.html": "loss-reports",
    "campaigns/home.html": "campaign-list",
    "campaigns/campaign_detail.html": "activities",
    "campaigns/alert_list.html": "alert-list",
    "governance/meeting_list.html": "meeting-list",
    "governance/training_list.html": "training-list",
    "governance/consultation_list.html": "consultation-list",
    "accounts/people.html": "people",
}


@pytest.mark.parametrize(("template", "table_id"), CARD_LISTS.items())
def test_the_lists_are_cards_on_a_phone(template, table_id):
    import re

    from django.template.loader import get_template

    source = open(get_template(template).origin.name, encoding="utf-8").read()  # noqa: SIM115
    tag = re.search(rf'<table [^>]*id="{table_id}"[^>]*>', source)
    assert tag and re.search(r'class="[^"]*\bcards\b', tag.group(0)), (template, table_id)


def test_the_loss_report_form_says_when_todays_report_is_due_above_the_form(world, client):
    from tests.conftest import client_for
    from tests.disasters.helpers import make_event

    now = timezone.now()
    event = make_event(world, now=now, occurred_at=now - dt.timedelta(hours=2), known_at=now - dt.timedelta(hours=1))
    html = client_for(client, world.users["member_a_reporter"]).get(f"/disasters/{event.pk}/loss-report/")
    page = html.content.decode()
    assert html.status_code == 200 and 'id="loss-report-due"' in page
    assert page.index('id="loss-report-due"') < page.index('<form method="post"', page.index("<main"))
    assert "今日报告截止时间（北京时间）" in page or "今日无需报送每日报告。" in page
