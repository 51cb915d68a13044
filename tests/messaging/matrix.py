"""This app's rows of the isolation matrix (tests/association/test_scope_matrix.py imports them).

The acknowledgement link needs no sign-in: the signed token is the key, so every role (and nobody) gets the
page. The channel test of A's branch: staff and A's manager; everyone else 404 (out of scope, or in scope
without the right to send: the page does not exist for them).
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


ROWS = [
    ("messaging-ack", "get", _ack, None, dict.fromkeys(ROLES, 200)),
    (
        "messaging-test-send",
        "post",
        _test,
        lambda w: {},
        {r: (302 if r == "anonymous" else 200 if r in {"staff", "member_a_manager"} else 404) for r in ROLES},
    ),
]
