"""Demo obligations: a notice like seed 003, the contacts confirmation, one overdue and one to review."""

import datetime as dt

from django.utils import timezone

from association.choices import ObligationKind, OrganisationKind, OrganisationTier
from association.models import Notice, NoticeReply, Organisation, User
from association.services.contact_obligations import contacts_confirmation_create
from association.services.notices import notice_issue
from association.services.obligations import obligation_create, obligation_submit

NOTICE_TITLE = "关于进一步加强安全生产责任保险运营工作的通知"


def _at(days: int, hour: int = 17) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def seed_obligations() -> None:
    staff = User.objects.get(username="staff")
    insurers = Organisation.objects.filter(kind=OrganisationKind.PROPERTY_INSURER, tier=OrganisationTier.PROVINCIAL)
    notice = Notice.objects.filter(title=NOTICE_TITLE).first()
    if notice is None:
        notice = Notice.objects.create(
            title=NOTICE_TITLE,  # its document number comes with the issue
            body="各财产保险会员公司：请对照通知所列问题开展自查整改，并按期书面报告整改情况和续保情况。",
        )
        notice.recipients.set(insurers.members())
        NoticeReply.objects.create(notice=notice, title="问题整改情况书面报告", due_at=_at(7))
        NoticeReply.objects.create(notice=notice, title="续保情况报告", due_at=_at(14))
    if notice.issued_at is None:
        notice_issue(notice=notice, actor=staff)

    today = timezone.localdate()
    contacts_confirmation_create(year=today.year + 1 if today.month > 2 else today.year)

    picc = Organisation.objects.get(short_name="人保财险", tier=OrganisationTier.PROVINCIAL)
    obligation_create(
        organisation=picc,
        kind=ObligationKind.DATA_RETURN,
        title="车险月度经营数据报送",
        due_at=_at(-1),
        dedupe_key="demo:picc:data-return",
    )
    pingan = Organisation.objects.get(short_name="平安财险", tier=OrganisationTier.PROVINCIAL)
    review = obligation_create(
        organisation=pingan,
        kind=ObligationKind.DATA_RETURN,
        title="车险月度经营数据报送",
        due_at=_at(2),
        dedupe_key="demo:pingan:data-return",
    )
    if not review.submissions.exists():
        obligation_submit(
            obligation=review,
            actor=User.objects.get(username="pingan.reporter"),
            text="本月签单保费、保单件数、已决赔款等数据见正文。",
            data={"written_premium": 12345678.9, "policies": 5321},
        )
