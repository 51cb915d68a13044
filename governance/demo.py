"""Demo data for `seed_demo`: the association's bodies from the 2023 service list (seed 000, items 88–103),
the year's meetings of them (held ones with sign-ins, minutes and resolutions; upcoming ones with replies
owed), a committee re-election, an open consultation on the auto self-regulation convention and an open
training. Each step runs at its story's time (``association.demo.clock``): a held meeting was announced two
weeks before, its members replied before the deadline (one of them late, after it), signed in on the morning
and its resolutions were published at noon; the upcoming ones have some replies in and the rest owed.
Idempotent."""

from __future__ import annotations

import datetime as dt

from association.choices import MembershipStatus, OrganisationKind, OrganisationTier, Role
from association.demo.clock import (
    at,
    due_in_working_days,
    end_of_working_day,
    real_today,
    story_at,
    working_day_on_or_before,
    working_days_before,
)
from association.models import Membership, Organisation, User
from governance.choices import BodyKind, Position
from governance.models import Body
from governance.services.bodies import SeatSpec, term_open, term_reelect
from governance.services.consultations import CommentSpec, consultation_create, consultation_feedback
from governance.services.meetings import (
    AgendaSpec,
    meeting_create,
    meeting_minutes_save,
    meeting_publish,
    meeting_reply,
    meeting_sign_in,
    resolution_record,
)
from governance.services.trainings import TraineeSpec, trainees_register, training_create

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


LEADERSHIP = [Position.CHAIR, Position.EXECUTIVE_VICE_CHAIR, Position.VICE_CHAIR]


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


def _person(org: Organisation, staff: User, *, manager: bool = False) -> User:
    """Who answers for ``org``: its manager (or reporter), or staff entering a reply received on paper."""
    roles = [Role.MEMBER_MANAGER] if manager else [Role.MEMBER_MANAGER, Role.MEMBER_REPORTER]
    membership = (
        Membership.objects.filter(organisation=org, role__in=roles, is_active=True, user__is_active=True)
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    return membership.user if membership else staff


def _reply(invitation, i: int, staff: User) -> None:
    """Most attend; every sixth asks for leave."""
    who = _person(invitation.organisation, staff)
    if i % 6 == 5:
        meeting_reply(actor=who, invitation=invitation, attend=False, leave_reason="与总公司会议时间冲突，请假。")
    else:
        meeting_reply(actor=who, invitation=invitation, attend=True, attendees="分管副总经理\n办公室主任")


def seed_demo() -> None:
    if Body.objects.exists():
        return
    staff = User.objects.get(username="staff")
    members = _members()
    if not members:
        return
    today = real_today()
    year = today.year
    bodies = {}
    with story_at(at(dt.date(year - 3, 6, 1), 10)):
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
        when = working_day_on_or_before(when)
        with story_at(at(working_days_before(10, when), 10)):
            meeting = meeting_create(
                actor=staff,
                body=body,
                session_number=session,
                title=title,
                starts_at=at(when, 10),
                ends_at=at(when, 12),
                reply_due_at=end_of_working_day(working_days_before(3, when)),
                place="乌鲁木齐市新华北路协会三楼会议室",
                agenda=[AgendaSpec("审议协会年度工作报告"), AgendaSpec("审议年度财务报告")],
                shared_with_regulators=True,
            )
        invitations = list(meeting.invitations.select_related("organisation"))
        for i, inv in enumerate(invitations):
            # between the invitation and the deadline; one in eleven a day after it
            days = 2 if i % 11 == 10 else 4 + i % 5
            with story_at(at(working_days_before(days, when), 9 + i % 8, 15)):
                _reply(inv, i, staff)
        with story_at(at(when, 9, 40)):
            for i, inv in enumerate(invitations):
                if i % 6 != 5:  # those who said they would come
                    meeting_sign_in(actor=staff, meeting=meeting, organisation=inv.organisation, name="分管副总经理")
        present = sum(1 for i in range(len(invitations)) if i % 6 != 5)
        with story_at(at(when, 12, 10)):
            for t in passed_titles:
                if body.votes:
                    resolution_record(
                        actor=staff, meeting=meeting, title=t, votes_for=present - 1, votes_against=0, votes_abstain=1
                    )
                else:
                    resolution_record(actor=staff, meeting=meeting, title=t)
        with story_at(at(when, 16, 30)):
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
    reelected = held(
        agri,
        None,
        "农险专委会换届会议",
        early + dt.timedelta(days=40),
        passed_titles=("审议修订农险专业委员会工作规程",),
    )
    agri_orgs = _pick(members, "agri")
    with story_at(reelected.ends_at):
        term_reelect(
            actor=staff,
            body=agri,
            starts_on=reelected.starts_at.date(),
            seats=[
                SeatSpec(
                    o,
                    [Position.CHAIR, Position.EXECUTIVE_VICE_CHAIR, Position.VICE_CHAIR][i]
                    if i < 3
                    else Position.MEMBER,
                )
                for i, o in enumerate(agri_orgs)
            ],
            note="选举产生新一届农险专委会主任、副主任、常务副主任委员。",
            meeting=reelected,
        )

    # announced three working days ago: a few replies are in, the rest are owed
    upcoming = working_day_on_or_before(today + dt.timedelta(days=10))
    with story_at(at(working_days_before(3), 10)):
        council = meeting_create(
            actor=staff,
            body=bodies["理事会"],
            session_number=7,
            title="七届七次理事会暨七届五次常务理事会",
            starts_at=at(upcoming, 10),
            ends_at=at(upcoming, 12),
            reply_due_at=end_of_working_day(working_days_before(3, upcoming)),
            place="乌鲁木齐市新华北路协会三楼会议室",
            agenda=[AgendaSpec("审议年中工作报告"), AgendaSpec("审议会费调整方案")],
            shared_with_regulators=True,
        )
        committee_day = working_day_on_or_before(upcoming + dt.timedelta(days=4))
        meeting_create(
            actor=staff,
            body=bodies["信息技术专业委员会"],
            title="信息技术专委会工作交流会",
            starts_at=at(committee_day, 15),
            ends_at=at(committee_day, 17),
            reply_due_at=end_of_working_day(working_days_before(2, committee_day)),
            online_link="https://meeting.example.org/it-committee",
            agenda=[AgendaSpec("大数据平台搭建和数据运用分享")],
        )
    for i, inv in enumerate(council.invitations.select_related("organisation").order_by("organisation__name")[:8]):
        with story_at(at(working_days_before(2 - i % 3), 10 + i, 5)):
            _reply(inv, i, staff)

    with story_at(at(working_days_before(5), 9, 30)):
        consultation = consultation_create(
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
            feedback_due_at=due_in_working_days(10, working_days_before(5)),
            recipients=_pick(members, "property"),
            shared_with_regulators=True,
        )
    clauses = list(consultation.clauses.order_by("order"))
    story = [
        (3, "建议明确“虚列费用”的具体情形。", 2, "不得通过虚列费用、虚挂中介业务等方式……"),
        (2, "建议增加对违约会员的处理程序。", None, ""),
        (1, None, None, ""),  # no comments
    ]
    for recipient, (days, text, clause, suggestion) in zip(
        consultation.recipients.select_related("organisation").order_by("organisation__name"), story, strict=False
    ):
        with story_at(at(working_days_before(days), 15, 20)):
            who = _person(recipient.organisation, staff)
            if text is None:
                consultation_feedback(actor=who, recipient=recipient, no_comments=True)
            else:
                spec = CommentSpec(text, clauses[clause] if clause is not None else None, suggestion)
                consultation_feedback(actor=who, recipient=recipient, comments=[spec])

    with story_at(at(working_days_before(2), 11)):
        training = training_create(
            actor=staff,
            organisations=members,
            title="新疆保险业合规管理专题培训",
            topic="邀请专家授课，线上线下专题培训",
            speakers="清华大学五道口金融学院金融安全研究中心专家",
            mode="both",
            starts_at=at(today + dt.timedelta(days=14), 10),
            ends_at=at(today + dt.timedelta(days=14), 16),
            place="乌鲁木齐市",
            online_link="https://training.example.org/compliance",
            hours=5,
            capacity=120,
            quota_per_organisation=3,
            registration_due_at=end_of_working_day(working_day_on_or_before(today + dt.timedelta(days=10))),
        )
    names = [("王敏", "合规部经理"), ("李强", "法律合规岗")]
    for offer in training.offers.select_related("organisation").order_by("organisation__name")[:3]:
        manager = _person(offer.organisation, staff, manager=True)
        with story_at(at(working_days_before(1), 16, 45)):
            trainees_register(actor=manager, offer=offer, trainees=[TraineeSpec(n, p) for n, p in names])
