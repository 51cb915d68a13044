"""Request id on every request: in the response header, the logs and the audit context."""

import contextvars
import ipaddress
import logging
import re
import uuid
from functools import lru_cache

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from pghistory.middleware import HistoryMiddleware

from association.audit import _actor_id

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    return _request_id.get()


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def from_trusted_proxy(request) -> bool:
    """The connection comes from one of ``TRUSTED_PROXIES`` (addresses or networks; empty: none)."""
    proxies = tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())
    if not proxies:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _networks(proxies))


class RequestIdMiddleware:
    """A client's ``X-Request-ID`` is kept only when it is well-formed and came through a trusted proxy
    (the proxy sets it, so its logs and ours share the id); otherwise the portal makes its own, so a
    client cannot plant ids in the audit history or the logs."""

    header = "HTTP_X_REQUEST_ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(self.header, "")
        trusted = bool(incoming) and _VALID.match(incoming) and from_trusted_proxy(request)
        request.request_id = incoming if trusted else uuid.uuid4().hex
        token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class AuditHistoryMiddleware(HistoryMiddleware):
    """pghistory's context (user, url) plus the request id, for every write request; the user is
    also the actor a task started by this request is recorded under (``association.audit``)."""

    def get_context(self, request):
        return {**super().get_context(request), "request_id": getattr(request, "request_id", None)}

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _actor_id.set(user.pk) if user is not None and user.is_authenticated else None
        try:
            return super().__call__(request)
        finally:
            if token is not None:
                _actor_id.reset(token)


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class PrivateResponseMiddleware:
    """``Cache-Control: no-store`` (and ``private``) on every response to a signed-in user or a token
    client: pages, API answers and exports may carry personal data (consumers' ID numbers and phones,
    contacts' phones), which no browser or proxy cache may keep. Anonymous public pages are untouched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # DRF sets the token user on the Django request too
        signed_in = user is not None and user.is_authenticated
        if signed_in or "HTTP_AUTHORIZATION" in request.META:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response


class RejectNulMiddleware:
    """A NUL byte in a query or form parameter (``?q=%00``) cannot reach PostgreSQL, which refuses it in a
    string: the request is answered 400 with a clear reason before any view runs (pages and API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request.GET) or (
            request.method == "POST" and request.content_type != "application/json" and self._has_nul(request.POST)
        ):
            reason = _("A parameter contains a NUL character (%00), which the portal does not accept.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": reason}, status=400)
            return HttpResponseBadRequest(render_to_string("400.html", {"reason": reason}, request=request))
        return self.get_response(request)

    @staticmethod
    def _has_nul(params) -> bool:
        return any("\x00" in key or any("\x00" in v for v in values) for key, values in params.lists())
