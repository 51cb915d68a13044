"""Request id on every request: in the response header, the logs and the audit context."""

import contextvars
import logging
import re
import uuid

from pghistory.middleware import HistoryMiddleware

from association.audit import _actor_id

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    header = "HTTP_X_REQUEST_ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(self.header, "")
        request.request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
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
