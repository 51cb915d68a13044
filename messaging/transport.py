"""Speaking to the services, through apprise: one channel's apprise URL, and one send with its answer.

apprise builds each service's request (WeCom ``wecombot://``, DingTalk ``dingtalk://secret@token`` with its
signature, Feishu ``feishu://``, Lark ``lark://``, the SMS gateway and the generic webhook ``json://`` /
``jsons://`` with the phone and the message id as payload fields). Two things apprise does not do, done
here:

* **The provider's answer.** apprise returns True/False; the robots answer HTTP 200 with an ``errcode``
  (WeCom, DingTalk) or ``code`` (Feishu, Lark) that says whether the message was taken. The answer of the
  requests made inside ``send()`` is recorded (a wrapper on ``requests.Session.send`` that only notes the
  response of the current thread while a send is under way) and stored on the delivery; a non-zero code is
  a failure.
* **DingTalk's signature encoded once**, not twice (``_dingtalk_signature_once_encoded``).
* **Where the fixed-host robots post.** WeCom, DingTalk, Feishu and Lark post to the service's own host;
  ``settings.MESSAGING_ENDPOINTS`` (service → URL with ``{token}``) points them elsewhere (a relay on an
  isolated network; the tests' loopback server). apprise keeps building the body and the signature.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

import apprise
import requests
from django.conf import settings
from django.utils.translation import gettext as _

from messaging.choices import ChannelKind

_local = threading.local()
_original_send = requests.Session.send


def _recording_send(self, request, **kwargs):
    response = _original_send(self, request, **kwargs)
    answers = getattr(_local, "answers", None)
    if answers is not None:
        answers.append(response)
    return response


requests.Session.send = _recording_send


class TransportError(Exception):
    """A channel whose configuration cannot be used (said in words for the person who set it up)."""


@dataclass
class Result:
    ok: bool
    answer: str
    error: str = ""


_TOKEN = re.compile(r"^[A-Za-z0-9_-]+$")


def _token(target: str, *, query_key: str | None = None) -> str:
    """The robot's key/token from its webhook address (or the bare token)."""
    target = (target or "").strip()
    if _TOKEN.match(target):
        return target
    parts = urlsplit(target)
    if query_key:
        values = parse_qs(parts.query).get(query_key)
        if values and _TOKEN.match(values[0]):
            return values[0]
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if last and _TOKEN.match(last) and not query_key:
        return last
    raise TransportError(_("This is not a webhook address of that service."))


def _http(target: str, *, extras: dict[str, str], headers: dict[str, str]) -> str:
    parts = urlsplit((target or "").strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TransportError(_("Give the gateway's address, starting with https:// or http://."))
    schema = "jsons" if parts.scheme == "https" else "json"
    query = [f":{k}={quote(str(v), safe='')}" for k, v in extras.items()]
    query += [f"+{k}={quote(str(v), safe='')}" for k, v in headers.items()]
    path = parts.path or "/"
    return f"{schema}://{parts.netloc}{path}?" + "&".join(query)


def apprise_url(channel, *, to: str = "", message_id: str = "") -> str:
    """The apprise URL of ``channel`` (for SMS: to the phone ``to``)."""
    kind = channel.kind
    if kind == ChannelKind.WECOM:
        return f"wecombot://{_token(channel.target, query_key='key')}/"
    if kind == ChannelKind.DINGTALK:
        token = _token(channel.target, query_key="access_token")
        secret = (channel.secret or "").strip()
        if secret and not _TOKEN.match(secret):
            raise TransportError(_("The DingTalk signing secret has characters it never has."))
        return f"dingtalk://{secret}@{token}/" if secret else f"dingtalk://{token}/"
    if kind == ChannelKind.FEISHU:
        return f"feishu://{_token(channel.target)}/"
    if kind == ChannelKind.LARK:
        return f"lark://{_token(channel.target)}/"
    headers = {"Authorization": f"Bearer {channel.secret}"} if channel.secret else {}
    extras = {"id": message_id} if message_id else {}
    if kind == ChannelKind.SMS:
        if not to:
            raise TransportError(_("No phone number to send the text to."))
        return _http(channel.target, extras={"phone": to, **extras}, headers=headers)
    if kind == ChannelKind.WEBHOOK:
        return _http(channel.target, extras=extras, headers=headers)
    raise TransportError(_("Unknown kind of channel."))


def _dingtalk_signature_once_encoded(plugin) -> None:
    """apprise URL-encodes DingTalk's signature and then hands it to requests as a query parameter, which
    encodes it again (``=`` arrives as ``%3D`` after DingTalk decodes the query), so DingTalk refuses every
    signature with ``+``, ``/`` or ``=`` in it (most of them). The signature is computed by apprise as
    documented (base64 of HMAC-SHA256 of ``timestamp\nsecret``); here it is passed on unencoded, for requests
    to encode once. The test checks the signature the loopback server receives."""
    original = plugin.get_signature

    def get_signature():
        timestamp, signature = original()
        return timestamp, unquote(signature)

    plugin.get_signature = get_signature


def _point(plugin, kind: str) -> None:
    """Send a fixed-host robot's request to ``MESSAGING_ENDPOINTS[kind]`` when one is set."""
    template = getattr(settings, "MESSAGING_ENDPOINTS", {}).get(kind)
    if not template:
        return
    if kind == ChannelKind.WECOM:
        plugin.api_url = template.format(token=plugin.key)
    elif kind == ChannelKind.LARK:
        plugin.webhook_url = template.format(token=plugin.token)
    else:  # DingTalk and Feishu format their notify_url with the token at send time
        plugin.notify_url = template


def _answer_ok(kind: str, response) -> tuple[bool, str]:
    """What the service said: the robots' HTTP 200 can still carry a refusal code."""
    text = (response.text or "")[:2000]
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        data = {}
    if isinstance(data, dict):
        for key in ("errcode", "code", "StatusCode"):
            if key in data and str(data[key]) not in ("0", "200", "OK", "ok"):
                return False, text
    return response.status_code < 400, text


def send(channel, *, title: str, body: str, to: str = "", message_id: str = "") -> Result:
    """Send one message through ``channel``; the answer as the service gave it."""
    try:
        url = apprise_url(channel, to=to, message_id=message_id)
    except TransportError as exc:
        return Result(False, "", str(exc))
    plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin is None:
        return Result(False, "", _("The channel's configuration is not accepted by the service library."))
    _point(plugin, channel.kind)
    if channel.kind == ChannelKind.DINGTALK and getattr(plugin, "secret", None):
        _dingtalk_signature_once_encoded(plugin)
    _local.answers = []
    try:
        with apprise.LogCapture(level=apprise.logging.WARNING, fmt="%(message)s") as log:
            sent = plugin.send(body=body, title=title)
        answers = list(_local.answers)
    finally:
        _local.answers = None
    if not answers:
        return Result(False, "", (log.getvalue().strip() or _("No answer from the service."))[:2000])
    ok, text = _answer_ok(channel.kind, answers[-1])
    answer = f"HTTP {answers[-1].status_code} {text}"[:2000]
    if sent and ok:
        return Result(True, answer)
    return Result(False, answer, (log.getvalue().strip() or answer)[:2000])
