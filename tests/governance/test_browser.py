"""The association's own work in a real browser (zh-CN, 1,366 px and 390 px), each journey ending in screenshots
kept in test-artifacts/: a council meeting from invitation to resolution; a consultation from draft to the
feedback table; a training from registration to certificate. Asserts on ids and data, not on interface text.
The clock of a meeting or training is moved by shifting its times (the day of the meeting arrives)."""

import datetime as dt

import pytest
from django.utils import timezone

from association.choices import ObligationKind, ObligationStatus
from association.models import Obligation
from governance.choices import Handling, MeetingStatus, TrainingStatus
from governance.models import Comment, Consultation, Meeting, Trainee, Training
from governance.services.meetings import meeting_reply
from tests import browser
from tests.factories import TEST_PASSWORD
from tests.governance.helpers import make_council, make_training
from tests.governance.test_services import _travel

pytestmark = [pytest.mark.browser, browser.requires_chromium]

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _local(hours: float) -> str:
    return (timezone.localtime() + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M")


def _submit(page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def _from_the_inbox(page, obligation) -> None:
    """The member opens its inbox and the item's submit button: it is sent to the governance page's form."""
    page.goto("/inbox/")
    _submit(page, f"a[href='/obligations/{obligation.pk}/#submit']")


def test_council_meeting_from_invitation_to_resolution(chromium, live_server, world):
    org_a, org_b = world.org_a_branch, world.org_b
    body = make_council(world, orgs=[org_a, org_b])
    with browser.page(chromium, live_server.url, **WIDE) as staff:
        browser.sign_in(staff, "staff", TEST_PASSWORD)
        staff.goto("/governance/meetings/new/")
        staff.select_option("#id_body", str(body.pk))
        staff.fill("#id_session_number", "4")
        staff.fill("#id_title", "七届四次理事会")
        staff.fill("#id_starts_at", _local(48))
        staff.fill("#id_ends_at", _local(51))
        staff.fill("#id_reply_due_at", _local(24))
        staff.fill("#id_place", "乌鲁木齐市协会三楼会议室")
        staff.fill("#id_agenda", "审议2025年工作报告\n审议会费标准调整方案")
        _submit(staff, "#meeting-form button")
        meeting = Meeting.objects.get()
        assert staff.url == f"{live_server.url}/governance/meetings/{meeting.pk}/"
        assert staff.locator("#agenda li").count() == 2

        # the invited member answers from its inbox: sent to the meeting's reply form
        owed = Obligation.objects.get(kind=ObligationKind.MEETING_REPLY, organisation=org_a)
        with browser.page(chromium, live_server.url, **WIDE) as member:
            browser.sign_in(member, "member_a_manager", TEST_PASSWORD)
            _from_the_inbox(member, owed)
            assert member.url == f"{live_server.url}/governance/meetings/{meeting.pk}/#reply-{org_a.pk}"
            card = member.locator(f"#reply-{org_a.pk}")
            card.locator("textarea[name=attendees]").fill("张三 总经理\n李四 合规部经理")
            with member.expect_navigation():
                card.locator("button").click()
            assert "张三 总经理" in member.locator(f"#reply-{org_a.pk}").inner_text()
            browser.screenshot(member, "governance-meeting-reply-member-wide")
        owed.refresh_from_db()
        assert owed.status == ObligationStatus.SUBMITTED
        invitation_b = meeting.invitations.get(organisation=org_b)
        meeting_reply(actor=world.users["member_b"], invitation=invitation_b, attend=True, attendees="王五 副总经理")

        # the day of the meeting: an attendee signs in at the door with the QR code's page, on a phone
        _travel(meeting, -0.5)
        with browser.page(chromium, live_server.url, **PHONE) as phone:
            phone.goto(f"/governance/checkin/{meeting.checkin_token}/")
            phone.select_option("#id_organisation", str(org_a.pk))
            phone.fill("#id_name", "张三")
            _submit(phone, "#checkin-form button")
            assert phone.locator("#signed-in").is_visible()
            browser.screenshot(phone, "governance-meeting-qr-sign-in-phone")

        # staff mark the other one present, see the quorum, record the minutes and the resolution, publish
        staff.goto(f"/governance/meetings/{meeting.pk}/")
        staff.select_option("#staff-sign-in select[name=organisation]", str(org_b.pk))
        staff.fill("#staff-sign-in input[name=name]", "王五")
        _submit(staff, "#staff-sign-in button")
        assert staff.locator("#present-count").inner_text() == "2"
        assert staff.locator("#quorum").inner_text().startswith("2/2")
        staff.fill("#minutes-form textarea", "会议审议通过2025年工作报告。")
        _submit(staff, "#minutes-form button")
        staff.fill("#resolution-form input[name=title]", "关于审议通过2025年工作报告的决议")
        staff.fill("#resolution-form input[name=votes_for]", "2")
        staff.fill("#resolution-form input[name=votes_against]", "0")
        staff.fill("#resolution-form input[name=votes_abstain]", "0")
        _submit(staff, "#resolution-form button")
        _submit(staff, "#publish")
        meeting.refresh_from_db()
        assert meeting.minutes_published_at is not None and meeting.status == MeetingStatus.HELD
        row = staff.locator("#resolutions tbody tr").first.inner_text()
        assert "2025年工作报告" in row and "2/2" in row
        browser.screenshot(staff, "governance-meeting-resolution-staff-wide")

    # the member reads the published resolution on its phone
    with browser.page(chromium, live_server.url, **PHONE) as member:
        browser.sign_in(member, "member_a_reporter", TEST_PASSWORD)
        member.goto(f"/governance/meetings/{meeting.pk}/")
        assert "2025年工作报告" in member.locator("#resolutions").inner_text()
        assert "审议通过" in member.locator("#minutes").inner_text()
        browser.screenshot(member, "governance-meeting-resolution-member-phone")


DRAFT = """新疆地区车险自律约定（征求意见稿）
第一条 为规范车险市场秩序，制定本约定。
第二条 各会员公司应当严格执行备案条款费率，不得以任何形式给予投保人约定以外的利益。
第三条 本约定自印发之日起施行。"""


def test_consultation_from_draft_to_feedback_table(chromium, live_server, world):
    org_a = world.org_a_branch
    with browser.page(chromium, live_server.url, **WIDE) as staff:
        browser.sign_in(staff, "staff", TEST_PASSWORD)
        staff.goto("/governance/consultations/new/")
        staff.select_option("#id_kind", "convention")
        staff.fill("#id_title", "新疆地区车险自律约定（2026版）")
        staff.fill("#id_draft_text", DRAFT)
        staff.fill("#id_feedback_due_at", _local(72))
        staff.select_option("#id_recipients", [str(org_a.pk), str(world.org_b.pk)])
        _submit(staff, "main form button")
        consultation = Consultation.objects.get()
        assert staff.url == f"{live_server.url}/governance/consultations/{consultation.pk}/"
        clause = consultation.clauses.get(number="第二条")

        owed = Obligation.objects.get(kind=ObligationKind.CONSULTATION_FEEDBACK, organisation=org_a)
        with browser.page(chromium, live_server.url, **PHONE) as member:
            browser.sign_in(member, "member_a_manager", TEST_PASSWORD)
            _from_the_inbox(member, owed)
            assert member.url.endswith(f"/governance/consultations/{consultation.pk}/#feedback-{org_a.pk}")
            form = member.locator(f"#feedback-{org_a.pk}")
            form.locator(f"textarea[name=clause_{clause.pk}]").fill("建议明确“约定以外的利益”的范围。")
            form.locator(f"input[name=suggestion_{clause.pk}]").fill("不得给予保险合同约定以外的利益，包括……")
            form.locator("textarea[name=general]").fill("总体同意。")
            browser.screenshot(member, "governance-consultation-feedback-member-phone")
            with member.expect_navigation():
                form.locator("button").click()
        owed.refresh_from_db()
        assert owed.status == ObligationStatus.SUBMITTED
        assert Comment.objects.filter(consultation=consultation).count() == 2

        # staff read every comment by clause, record the handling, export the table
        staff.goto(f"/governance/consultations/{consultation.pk}/")
        _submit(staff, "#feedback-table")
        rows = staff.locator("#comments tbody tr")
        assert rows.count() == 2 and "第二条" in rows.first.inner_text()
        form = rows.first.locator("form.handling-form")
        form.locator("select[name=handling]").select_option(Handling.PARTLY)
        form.locator("input[name=note]").fill("已采纳部分表述")
        with staff.expect_navigation():
            form.locator("button").click()
        assert Comment.objects.get(clause=clause).handling == Handling.PARTLY
        with staff.expect_download() as download:
            staff.click("#export-xlsx")
        assert download.value.suggested_filename.endswith(".xlsx")
        browser.screenshot(staff, "governance-consultation-table-staff-wide")


def test_training_from_registration_to_certificate(chromium, live_server, world):
    org_a = world.org_a_branch
    training = make_training(world, quota=2)
    owed = Obligation.objects.get(kind=ObligationKind.TRAINING_REGISTRATION, organisation=org_a)
    with browser.page(chromium, live_server.url, **WIDE) as member:
        browser.sign_in(member, "member_a_manager", TEST_PASSWORD)
        _from_the_inbox(member, owed)
        assert member.url.endswith(f"/governance/trainings/{training.pk}/#register-{org_a.pk}")
        member.fill(
            f"#register-{org_a.pk} textarea[name=trainees]",
            "张三, 合规部经理, 13900001234\n李四, 法务专员, 13900005678",
        )
        _submit(member, f"#register-{org_a.pk} button.btn-primary")
        assert Trainee.objects.filter(training=training).count() == 2
        browser.screenshot(member, "governance-training-registered-member-wide")
    owed.refresh_from_db()
    assert owed.status == ObligationStatus.SUBMITTED

    # the day: a trainee signs in at the door on a phone (name and the last four digits of the mobile)
    shift = training.starts_at - timezone.now() + dt.timedelta(minutes=30)
    Training.objects.filter(pk=training.pk).update(
        starts_at=training.starts_at - shift,
        ends_at=training.ends_at - shift,
        registration_due_at=training.registration_due_at - shift,
    )
    with browser.page(chromium, live_server.url, **PHONE) as phone:
        phone.goto(f"/governance/checkin/{training.checkin_token}/")
        phone.fill("#id_name", "张三")
        phone.fill("#id_phone_last4", "1234")
        _submit(phone, "#checkin-form button")
        assert phone.locator("#signed-in").is_visible()
        _submit(phone, "#survey-link")
        phone.check("input[name=rating][value='5']")
        _submit(phone, "#survey-form button")
        assert phone.locator("#survey-done").is_visible()
        browser.screenshot(phone, "governance-training-survey-phone")

    with browser.page(chromium, live_server.url, **WIDE) as staff:
        browser.sign_in(staff, "staff", TEST_PASSWORD)
        staff.goto(f"/governance/trainings/{training.pk}/")
        _submit(staff, "#close-training")
        training.refresh_from_db()
        assert training.status == TrainingStatus.HELD
        assert staff.locator("#trainees a.certificate").count() == 1  # only who attended
        browser.screenshot(staff, "governance-training-closed-staff-wide")
        staff.goto(f"/governance/trainings/hours/?year={training.starts_at.year}")
        assert "张三" in staff.locator("main").inner_text()

    with browser.page(chromium, live_server.url, **PHONE) as member:
        browser.sign_in(member, "member_a_manager", TEST_PASSWORD)
        member.goto(f"/governance/trainings/{training.pk}/")
        link = member.locator("#trainees a.certificate")
        response = member.request.get(link.get_attribute("href"))
        assert response.status == 200 and response.body().startswith(b"%PDF")
        browser.screenshot(member, "governance-training-certificate-member-phone")
