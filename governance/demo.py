"""Demo data for `seed_demo`: the association's bodies from the 2023 service list (seed 000, items 88–103),
the year's meetings of them (held ones with sign-ins, minutes and resolutions; upcoming ones with replies
owed), a committee re-election, an open consultation on the auto self-regulation convention and an open
training. Idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from association.choices import MembershipStatus, OrganisationKind, OrganisationTier
from association.models import Organisation, User
from association.services.obligations import obligations_cancel_for
from governance.choices import BodyKind, Position
from governance.models import Body
from governance.services.bodies import SeatSpec, term_open, term_reelect
from governance.services.consultations import consultation_create
from governance.services.meetings import (
    AgendaSpec,
    meeting_create,
    meeting_minutes_save,
    meeting_publish,
    meeting_sign_in,
    resolution_record,
)
from governance.services.trainings import training_create

#: (kind, name, votes, term number, which members: "all", "property", "life", "some")
BODIES = [
    (BodyKind.ASSEMBLY, "会员大会", True, 7, "all"),
    (BodyKind.COUNCIL, "理事会", True, 7, "some"),
    (BodyKind.STANDING_COUNCIL, "常务理事会", True, 7, "few"),
    (BodyKind.SUPERVISORY_BOARD, "监事会", True, 1, "three"),
    (BodyKind.COMMITTEE, "车险自律专业委员会", False, 3, "property"),
    (BodyKind.COMMITTEE, "农业保险专业委员会", False, 3, "agri"),
    (BodyKind.COMMITTEE, "非车险自律专业委员会", False, 2, "property"),
    (BodyKind.COMMITTEE, "销售乱象管理专业委员会", False, 1, "life"),
    (BodyKind.COMMITTEE, "从业人员流动管理专业委员会", False, 1, "life"),
    (BodyKind.COMMITTEE, "定点医院管理专业委员会", False, 1, "some"),
    (BodyKind.COMMITTEE, "消费者权益保护专业委员会", False, 2, "some"),
    (BodyKind.COMMITTEE, "清廉金融文化建设专业委员会", False, 1, "few"),
    (BodyKind.COMMITTEE, "宣传专业委员会", False, 3, "some"),
    (BodyKind.COMMITTEE, "信息技术专业委员会", False, 2, "some"),
]


def _members():
    return list(
        Organisation.objects.filter(
            tier=OrganisationTier.PROVINCIAL, membership_status=MembershipStatus.MEMBER
        ).order_by("name")
    )


def _pick(members, which):
    prop = [o for o in members if o.kind == OrganisationKind.PROPERTY_INSURER]
    life = [o for o in members if o.kind == OrganisationKind.LIFE_INSURER]
    return {
        "all": members,
        "some": members[:20],
        "few": members[:9],
        "three": members[9:12],
        "property": prop[:12] or members[:12],
        "agri": prop[:6] or members[:6],
        "life": life[:8] or members[:8],
    }[which]


def _at(d: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(hour, 0), tzinfo=timezone.get_current_timezone())


def seed_demo() -> None:
    if Body.objects.exists():
        return
    staff = User.objects.get(username="staff")
    members = _members()
    if not members:
        return
    today = timezone.localdate()
    year = today.year
    bodies = {}
    for order, (kind, name, votes, number, which) in enumerate(BODIES, start=1):
        body = Body.objects.create(kind=kind, name=name, votes=votes, order=order)
        orgs = _pick(members, which)
        term_open(
            actor=staff,
            body=body,
            number=number,
            starts_on=dt.date(year - 3, 6, 1),
            seats=[
                SeatSpec(o, Position.CHAIR if i == 0 else Position.VICE_CHAIR if i < 3 else Position.MEMBER)
                for i, o in enumerate(orgs)
            ],
        )
        bodies[name] = body

    def held(body, session, title, when, *, passed_titles=()):
        meeting = meeting_create(
            actor=staff,
            body=body,
            session_number=session,
            title=title,
            starts_at=_at(when, 10),
            ends_at=_at(when, 12),
            reply_due_at=_at(when - dt.timedelta(days=3), 17),
            place="乌鲁木齐市新华北路协会三楼会议室",
            agenda=[AgendaSpec("审议协会年度工作报告"), AgendaSpec("审议年度财务报告")],
            shared_with_regulators=True,
        )
        invitations = list(meeting.invitations.select_related("organisation"))
        for inv in invitations:  # the replies of meetings before the portal came on paper
            obligations_cancel_for(inv, actor=staff, reason="回执已以纸质方式提交。", overdue=True)
        for i, inv in enumerate(invitations):
            if i % 6 != 5:  # most came
                meeting_sign_in(actor=staff, meeting=meeting, organisation=inv.organisation, name="代表")
        present = sum(1 for i in range(len(invitations)) if i % 6 != 5)
        for t in passed_titles:
            if body.votes:
                resolution_record(
                    actor=staff, meeting=meeting, title=t, votes_for=present - 1, votes_against=0, votes_abstain=1
                )
            else:
                resolution_record(actor=staff, meeting=meeting, title=t)
        meeting_minutes_save(
            actor=staff, meeting=meeting, minutes=f"{title}于{when:%Y年%m月%d日}召开，审议通过了各项议题。"
        )
        meeting_publish(actor=staff, meeting=meeting)
        return meeting

    early = dt.date(year, 1, 1) if today > dt.date(year, 3, 1) else today - dt.timedelta(days=60)
    held(
        bodies["会员大会"],
        4,
        "七届四次会员大会暨七届六次理事会",
        early + dt.timedelta(days=20),
        passed_titles=("关于审议协会2025年工作报告的决议", "关于审议协会2025年财务报告的决议"),
    )
    held(
        bodies["监事会"],
        2,
        "一届二次监事会",
        early + dt.timedelta(days=21),
        passed_titles=("关于监事会工作报告的决议",),
    )
    held(bodies["车险自律专业委员会"], None, "车险自律专委会工作交流会", early + dt.timedelta(days=35))
    agri = bodies["农业保险专业委员会"]
    held(
        agri,
        None,
        "农险专委会换届会议",
        early + dt.timedelta(days=40),
        passed_titles=("审议修订农险专业委员会工作规程",),
    )
    agri_orgs = _pick(members, "agri")
    term_reelect(
        actor=staff,
        body=agri,
        starts_on=early + dt.timedelta(days=40),
        seats=[
            SeatSpec(
                o, [Position.CHAIR, Position.EXECUTIVE_VICE_CHAIR, Position.VICE_CHAIR][i] if i < 3 else Position.MEMBER
            )
            for i, o in enumerate(agri_orgs)
        ],
        note="选举产生新一届农险专委会主任、副主任、常务副主任委员。",
    )
    upcoming = today + dt.timedelta(days=10)
    meeting_create(
        actor=staff,
        body=bodies["理事会"],
        session_number=7,
        title="七届七次理事会暨七届五次常务理事会",
        starts_at=_at(upcoming, 10),
        ends_at=_at(upcoming, 12),
        reply_due_at=_at(upcoming - dt.timedelta(days=3), 17),
        place="乌鲁木齐市新华北路协会三楼会议室",
        agenda=[AgendaSpec("审议年中工作报告"), AgendaSpec("审议会费调整方案")],
        shared_with_regulators=True,
    )
    meeting_create(
        actor=staff,
        body=bodies["信息技术专业委员会"],
        title="信息技术专委会工作交流会",
        starts_at=_at(upcoming + dt.timedelta(days=4), 15),
        ends_at=_at(upcoming + dt.timedelta(days=4), 17),
        reply_due_at=_at(upcoming + dt.timedelta(days=1), 17),
        online_link="https://meeting.example.org/it-committee",
        agenda=[AgendaSpec("大数据平台搭建和数据运用分享")],
    )
    consultation_create(
        actor=staff,
        kind="convention",
        title=f"新疆地区车险自律约定（{year}版）（征求意见稿）",
        summary="在监管部门指导下起草，现征求行业意见。",
        draft_text=(
            "第一条 为维护新疆地区车险市场秩序，制定本约定。\n"
            "第二条 各会员公司应当严格执行经备案的车险条款和费率。\n"
            "第三条 不得通过虚列费用等方式给予投保人保险合同约定以外的利益。\n"
            "第四条 协会依托车险平台数据开展自律检查。\n"
            "第五条 本约定自印发之日起施行。"
        ),
        feedback_due_at=_at(today + dt.timedelta(days=7), 17),
        recipients=_pick(members, "property"),
        shared_with_regulators=True,
    )
    training_create(
        actor=staff,
        organisations=members,
        title="新疆保险业合规管理专题培训",
        topic="邀请专家授课，线上线下专题培训",
        speakers="清华大学五道口金融学院金融安全研究中心专家",
        mode="both",
        starts_at=_at(today + dt.timedelta(days=14), 10),
        ends_at=_at(today + dt.timedelta(days=14), 16),
        place="乌鲁木齐市",
        online_link="https://training.example.org/compliance",
        hours=5,
        capacity=120,
        quota_per_organisation=3,
        registration_due_at=_at(today + dt.timedelta(days=10), 17),
    )
