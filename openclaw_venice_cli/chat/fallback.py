"""Falling back to ``agents.defaults.model.fallbacks`` when the model is unavailable.

A turn moves on to the next fallback (in order, each tried once) only when the model
itself is unavailable and nothing of the answer has arrived yet:

* the server says so before streaming: 404 naming the model ("Specified model not
  found") or 503 (at capacity, temporarily offline);
* or the local catalog (no network) marks it offline, or retired (past Venice's
  ``removesAt`` without a remap): the request is not even sent, unless it is the last
  candidate (a stale catalog must not stop a model that works).

Never on a rejected key, a missing balance, a rejected request, a network failure or an
error in the middle of an answer: another model would not fix those. Each switch is one
stderr line naming the model that answers instead.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from openclaw_venice_cli.errors import ApiError, NotFoundError, OpenclawError, ServerError
from openclaw_venice_cli.sanitize import one_line

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.model import ModelInfo
    from openclaw_venice_cli.catalog.ref import ModelRef
    from openclaw_venice_cli.chat.session import ChatSession
    from openclaw_venice_cli.client.events import ChatResult


def unavailable(error: ApiError) -> bool:
    """Is this the model being unavailable (as opposed to the key, balance, request)?"""
    if isinstance(error, NotFoundError):
        return error.status == 404 and "model" in error.api_message.lower()
    return isinstance(error, ServerError) and error.status == 503


def candidates(session: ChatSession, images: list[str]) -> list[ModelRef]:
    """The session's model, then each configured fallback not yet listed (with images:
    only models not known to lack vision)."""
    from openclaw_venice_cli.catalog.resolve import resolve_fallbacks

    refs = [session.model_ref]
    for ref in resolve_fallbacks(session.config):
        row = _catalog_row(session, ref) if images else None
        if ref not in refs and (row is None or row.vision):
            refs.append(ref)
    return refs


def _catalog_row(session: ChatSession, ref: ModelRef) -> ModelInfo | None:
    from openclaw_venice_cli.catalog.loader import find_model, load_catalog

    catalog = load_catalog(session.env, session.config, network=False)
    return find_model(catalog, ref.model_id, ref.provider)


def catalog_reason(session: ChatSession, ref: ModelRef) -> str | None:
    """Why the local catalog says ``ref`` cannot answer now (None: as far as it knows)."""
    row = _catalog_row(session, ref)
    if row is None:
        return None
    if row.offline:
        return "offline according to the model catalog"
    if row.retired(time.time()):
        return f"retired since {row.retires_at} according to the model catalog"
    return None


def turn_with_fallbacks(session: ChatSession, text: str,
                        images: list[str] | None = None) -> ChatResult:
    """``session.turn`` on the session's model, then on each fallback while the model is
    unavailable. The session keeps the model that answered."""
    images = list(images or [])
    refs = candidates(session, images)
    if len(refs) == 1:
        return session.turn(text, images)
    for index, ref in enumerate(refs):
        last = index == len(refs) - 1
        if index:
            try:
                session.set_model(ref)  # an unconfigured provider or no key: next one
            except OpenclawError as error:
                if last:
                    raise
                session.env.note(f"{ref} cannot be used ({one_line(str(error), 200)}); "
                                 f"answering with {refs[index + 1]}.")
                continue
        reason = None if last else catalog_reason(session, ref)
        if reason is None:
            try:
                return session.turn(text, images)
            except ApiError as error:
                if last or not unavailable(error):
                    raise
                reason = error.api_message
        session.env.note(f"{ref} is unavailable ({one_line(reason, 200)}); "
                         f"answering with {refs[index + 1]}.")
    raise AssertionError("unreachable: the last candidate returns or raises")
