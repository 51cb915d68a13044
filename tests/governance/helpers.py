"""Bodies, meetings, consultations and trainings for the governance tests."""

import datetime as dt

from django.utils import timezone

from governance.choices import BodyKind, Position
from governance.models import Body
from governance.services.bodies import SeatSpec, term_open
from governance.services.consultations import consultation_create
from governance.services.meetings import AgendaSpec, meeting_create
from governance.services.trainings import training_create

DRAFT = """新疆地区车险自律约定（征求意见稿）
第一章 总则
第一条 为规范车险市场秩序，制定本约定。
第二条 各会员公司应当严格执行备案条款费率。
不得以任何形式给予投保人约定以外的利益。
第三条 本约定自印发之日起施行。
"""


def hours_from_now(h: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=h)


def make_council(world, *, orgs=None, votes=True):
    body = Body.objects.create(kind=BodyKind.COUNCIL, name="理事会", votes=votes)
    orgs = orgs if orgs is not None else [world.org_a_branch, world.org_b]
    term_open(
        actor=world.users["staff"],
        body=body,
        number=7,
        starts_on=dt.date(2022, 6, 1),
        seats=[SeatSpec(o, Position.CHAIR if i == 0 else Position.MEMBER, f"代表{i}") for i, o in enumerate(orgs)],
    )
    return body


def make_meeting(world, *, body=None, invitees=None, starts_in=48, shared=True, title="七届四次理事会"):
    body = body if body is not None else make_council(world)
    return meeting_create(
        actor=world.users["staff"],
        body=body,
        session_number=4,
        title=title,
        starts_at=hours_from_now(starts_in),
        ends_at=hours_from_now(starts_in + 3),
        reply_due_at=hours_from_now(starts_in - 24),
        place="乌鲁木齐市协会三楼会议室",
        invitees=invitees,
        agenda=[AgendaSpec("审议2025年工作报告"), AgendaSpec("审议财务报告")],
        shared_with_regulators=shared,
    )


def make_consultation(world, *, recipients=None, shared=True, due_in=72):
    return consultation_create(
        actor=world.users["staff"],
        kind="convention",
        title="新疆地区车险自律约定（2026版）",
        summary="征求行业意见",
        draft_text=DRAFT,
        feedback_due_at=hours_from_now(due_in),
        recipients=recipients if recipients is not None else [world.org_a_branch],
        shared_with_regulators=shared,
    )


def make_training(world, *, organisations=None, starts_in=48, capacity=10, quota=2):
    return training_create(
        actor=world.users["staff"],
        organisations=organisations if organisations is not None else [world.org_a_branch],
        title="新疆保险业合规管理专题培训",
        topic="合规管理",
        speakers="清华大学五道口金融学院专家",
        mode="on_site",
        starts_at=hours_from_now(starts_in),
        ends_at=hours_from_now(starts_in + 3),
        place="乌鲁木齐",
        hours=3,
        capacity=capacity,
        quota_per_organisation=quota,
        registration_due_at=hours_from_now(starts_in - 24),
    )
