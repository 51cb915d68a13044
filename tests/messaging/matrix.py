"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

The acknowledgement link needs no sign-in: the signed token is the key, so every role (and nobody) gets the
page. The channel test and the channel pages of A's branch: staff and A's manager (A's branch is a branch of
the company they manage); everyone else 404 (out of scope, or in scope without the right to configure: the
page does not exist for them), the anonymous visitor is sent to sign in.
"""

from tests.conftest import ROLES


def _ack(w):
    from messaging.services.delivery import ack_token
    from messaging.services.dispatch import urgent_notify

    message = urgent_notify(
        organisation=w.org_a_branch, kind="channel_test", title="测试", dedupe_key="matrix", duty="disaster"
    )
    return f"/messages/ack/{ack_token(message.deliveries.exclude(via='portal').first())}/"


def _test(w):
    return f"/messages/organisations/{w.org_a_branch.pk}/test/"


def _channel(w):
    from messaging.choices import ChannelKind
    from messaging.models import Channel

    return Channel.objects.create(
        organisation=w.org_a_branch, kind=ChannelKind.DINGTALK, label="钉钉群", target="tokmatrix", secret="SECmatrix"
    )


def _robot_payload(w):
    return {"kind": "wecom", "label": "应急群", "target": "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa", "is_active": "on"}


def _configure(ok):
    """Staff and A's manager get ``ok``; the anonymous visitor is sent to sign in; everyone else 404."""
    return {r: (302 if r == "anonymous" else ok if r in {"staff", "member_a_manager"} else 404) for r in ROLES}


ROWS = [
    ("messaging-ack", "get", _ack, None, dict.fromkeys(ROLES, 200)),
    (
        "messaging-test-send",
        "post",
        _test,
        lambda w: {},
        {r: (302 if r == "anonymous" else 200 if r in {"staff", "member_a_manager"} else 404) for r in ROLES},
    ),
    (
        "messaging-channels",
        "get",
        lambda w: f"/messages/organisations/{w.org_a_branch.pk}/channels/",
        None,
        _configure(200),
    ),
    (
        "messaging-channel-add",
        "get",
        lambda w: f"/messages/organisations/{w.org_a_branch.pk}/channels/add/",
        None,
        _configure(200),
    ),
    (
        "messaging-channel-add",
        "post",
        lambda w: f"/messages/organisations/{w.org_a_branch.pk}/channels/add/",
        _robot_payload,
        _configure(302),
    ),
    ("messaging-channel-edit", "get", lambda w: f"/messages/channels/{_channel(w).pk}/edit/", None, _configure(200)),
    (
        "messaging-channel-edit",
        "post",
        lambda w: f"/messages/channels/{_channel(w).pk}/edit/",
        lambda w: {"kind": "dingtalk", "label": "钉钉群二", "is_active": "on"},
        _configure(302),
    ),
    (
        "messaging-channel-remove",
        "post",
        lambda w: f"/messages/channels/{_channel(w).pk}/remove/",
        lambda w: {},
        _configure(302),
    ),
]
