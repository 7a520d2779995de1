"""Who the audit log names for what happens now.

auditlog's middleware puts the request's user and client address in a context that fills
in every LogEntry saved during the request, whoever writes it. Two things need more:

- an anonymous person's own action (an anonymous appeal, an anonymous question) must be
  recorded with neither actor nor address, even when it saves registered models;
- an API request authenticates its token after the middleware has run, so its actor is
  named when the token is read.
"""

from __future__ import annotations

from contextlib import contextmanager

from auditlog.cid import correlation_id
from auditlog.context import auditlog_value


@contextmanager
def anonymous():
    """Inside this block every audit row is written without actor, address or request id.

    The middleware's receiver only fills in rows while its own context is current; a fresh
    context with nobody in it, restored on the way out, hides the person and nothing else.
    """
    token = auditlog_value.set(
        {"actor": None, "remote_addr": None, "remote_port": None, "signal_duid": ("anon", id(object()))}
    )
    cid = correlation_id.set(None)
    try:
        yield
    finally:
        auditlog_value.reset(token)
        correlation_id.reset(cid)


def act_as(user) -> None:
    """Name `user` as the actor of what the rest of this request changes."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user


def current_address() -> str | None:
    """The client address the middleware recorded for this request, if any."""
    try:
        return auditlog_value.get().get("remote_addr")
    except LookupError:
        return None
