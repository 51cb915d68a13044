"""Who did it: the actor of every history row.

The history (django-pghistory triggers) stores, with every change, the metadata of the context it
ran in. Three doors open that context, and each names its actor:

* a request: ``AuditHistoryMiddleware`` (user, url, request id);
* a service called with ``actor=``: ``@acting`` (a service called from a shell, a test or a task
  still names the person it acts for);
* a Celery task: the task's name, plus the person who started it. ``before_task_publish`` copies the
  current actor into the message headers; ``task_prerun`` opens the context in the worker. A task
  started by beat (nobody) is recorded under its task name alone.
"""

from __future__ import annotations

import contextvars
import functools

import pghistory
from celery import signals

#: the person the current code acts for (a user id), as the history context names it
_actor_id: contextvars.ContextVar[int | None] = contextvars.ContextVar("portal_actor_id", default=None)
ACTOR_HEADER = "portal_actor_id"


def current_actor_id() -> int | None:
    return _actor_id.get()


class history_context:
    """``with history_context(actor=user, task="name"):`` every history row written inside names them."""

    def __init__(self, *, actor=None, actor_id: int | None = None, task: str | None = None, **extra):
        self.actor_id = actor_id if actor_id is not None else getattr(actor, "pk", None)
        metadata = dict(extra)
        if self.actor_id is not None:
            metadata["user"] = self.actor_id
        if task:
            metadata["task"] = task
        self.metadata = metadata

    def __enter__(self):
        self._token = _actor_id.set(self.actor_id) if self.actor_id is not None else None
        self._context = pghistory.context(**self.metadata)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        self._context.__exit__(*exc)
        if self._token is not None:
            _actor_id.reset(self._token)


def acting(func):
    """A service decorator: the writes of ``func(..., actor=person)`` are recorded as that person's."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        actor = kwargs.get("actor")
        if getattr(actor, "pk", None) is None:
            return func(*args, **kwargs)
        with history_context(actor=actor):
            return func(*args, **kwargs)

    return wrapper


@signals.before_task_publish.connect
def _carry_actor(headers=None, **kwargs):
    actor_id = current_actor_id()
    if headers is not None and actor_id is not None:
        headers.setdefault(ACTOR_HEADER, actor_id)


_open_contexts: dict[str, history_context] = {}


@signals.task_prerun.connect
def _open_task_context(task_id=None, task=None, **kwargs):
    actor_id = getattr(task.request, ACTOR_HEADER, None) if task is not None else None
    context = history_context(actor_id=actor_id, task=getattr(task, "name", None), celery_task_id=task_id)
    context.__enter__()
    _open_contexts[task_id] = context


@signals.task_postrun.connect
def _close_task_context(task_id=None, **kwargs):
    context = _open_contexts.pop(task_id, None)
    if context is not None:
        context.__exit__(None, None, None)
