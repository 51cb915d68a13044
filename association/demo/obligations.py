"""Demo obligations as a real month has them: a notice like seed 003 issued three working days ago (staff
reminded those who had not replied the next day; two companies have replied since), the contacts confirmation,
the monthly data return (one company missed it, one sent it late and was accepted, one sent it on time and waits for
review). Every deadline is the end of a working day; every submission carries the time its story gives."""

from association.choices import ObligationKind, OrganisationKind, OrganisationTier
from association.demo.clock import (
    at,
    due_in_working_days,
    end_of_working_day,
    real_today,
    story_at,
    working_days_before,
)
from association.models import Notice, NoticeReply, Obligation, Organisation, RecipientGroup, User
from association.services.contact_obligations import contacts_confirmation_create
from association.services.notice_composer import notice_remind, recipient_group_create
from association.services.notices import notice_issue
from association.services.obligations import obligation_accept, obligation_create, obligation_submit

NOTICE_TITLE = "关于进一步加强安全生产责任保险运营工作的通知"
DATA_RETURN = "农业保险承保理赔数据报送"
INSURERS_GROUP = "财产险省级分公司"


def _provincial(short: str) -> Organisation:
    return Organisation.objects.get(short_name=short, tier=OrganisationTier.PROVINCIAL)


def _reporter(short_slug: str) -> User:
    return User.objects.get(username=f"{short_slug}.reporter")


def seed_obligations() -> None:
    staff = User.objects.get(username="staff")
    _notice(staff)
    today = real_today()
    contacts_confirmation_create(year=today.year + 1 if today.month > 2 else today.year)
    _data_returns(staff)


def _notice(staff: User) -> None:
    insurers = Organisation.objects.filter(kind=OrganisationKind.PROPERTY_INSURER, tier=OrganisationTier.PROVINCIAL)
    notice = Notice.objects.filter(title=NOTICE_TITLE).first()
    if notice is not None and notice.issued_at is not None:
        return
    issued_on = working_days_before(3)
    with story_at(at(issued_on, 10, 0)):
        if notice is None:
            notice = Notice.objects.create(
                title=NOTICE_TITLE,  # its document number comes with the issue
                body="各财产保险会员公司：请对照通知所列问题开展自查整改，并按期书面报告整改情况和续保情况。",
            )
            notice.recipients.set(insurers.members())
            # the replies are due at the end of the 7th and 14th working days after the notice
            NoticeReply.objects.create(
                notice=notice, title="问题整改情况书面报告", due_at=due_in_working_days(7, issued_on)
            )
            NoticeReply.objects.create(notice=notice, title="续保情况报告", due_at=due_in_working_days(14, issued_on))
        notice_issue(notice=notice, actor=staff)
    # the day after, staff pressed "remind those who have not replied" on the notice's reply status page
    with story_at(at(working_days_before(2), 15, 0)):
        notice_remind(notice=notice, actor=staff)
    if not RecipientGroup.objects.filter(name=INSURERS_GROUP).exists():
        recipient_group_create(actor=staff, name=INSURERS_GROUP, organisations=insurers.members())
    first_reply = Obligation.objects.filter(kind=ObligationKind.NOTICE_REPLY, subject_id=notice.pk).order_by("due_at")
    story = [("pingan", "平安财险", working_days_before(1), 11), ("picc", "人保财险", working_days_before(0), 9)]
    for slug, short, day, hour in story:
        obligation = first_reply.filter(organisation=_provincial(short)).first()
        if obligation is None:
            continue
        with story_at(at(day, hour, 20)):
            obligation_submit(
                obligation=obligation,
                actor=_reporter(slug),
                text="已对照通知开展自查，发现问题3项，已整改2项，剩余1项月底前完成。",
            )


def _data_returns(staff: User) -> None:
    """This month's return was due at the end of the 5th working day of the month (before today)."""
    due = end_of_working_day(working_days_before(2))
    story = [
        # company, reporter, submitted (working days before today, hour) or None, accepted
        ("人保财险", "picc", None, False),  # missed: overdue
        ("太平洋财险", "cpic", (1, 10), True),  # a working day late, then accepted
        ("平安财险", "pingan", (3, 16), False),  # on time, waiting for review
    ]
    for short, slug, submitted, accept in story:
        org = _provincial(short)
        with story_at(at(working_days_before(10), 9, 0)):
            obligation = obligation_create(
                organisation=org, kind=ObligationKind.DATA_RETURN, title=DATA_RETURN, due_at=due,
                dedupe_key=f"demo:{slug}:data-return",
            )  # fmt: skip
        if submitted is None or obligation.submissions.exists():
            continue
        days, hour = submitted
        with story_at(at(working_days_before(days), hour, 5)):
            obligation_submit(
                obligation=obligation,
                actor=_reporter(slug),
                text="本月签单保费、保单件数、已决赔款等数据见正文。",
                data={"written_premium": 12345678.9, "policies": 5321},
            )
        if accept:
            with story_at(at(working_days_before(days), hour + 2, 30)):
                obligation_accept(obligation=obligation, actor=staff, comment="数据已核对。")
