"""One chat conversation in progress: send a turn, stream the answer, keep the history.

Used by the one-shot `openclaw chat` and by the REPL. A turn resolves the provider,
builds the body (``chat_request.py``), streams events from the client into a renderer
(``render.py``), and on success, failure or Ctrl-C keeps what arrived: the partial
answer stays on stdout and in the saved conversation.
"""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

from openclaw_venice_cli import signals
from openclaw_venice_cli.catalog.ref import ModelRef
from openclaw_venice_cli.chat import conversations
from openclaw_venice_cli.chat.options import ChatOptions
from openclaw_venice_cli.chat.outcome import (
    CUT_OFF_NOTE,
    content_filtered,
    deprecation_note,
    usage_line,
)
from openclaw_venice_cli.chat.request import system_message, user_message
from openclaw_venice_cli.config.loader import Config, ProviderConfig
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import (
    ExitStatus,
    Interrupted,
    OpenclawError,
    Stopped,
)
from openclaw_venice_cli.rendering.renderer import Renderer, make_renderer

if TYPE_CHECKING:
    from openclaw_venice_cli.client.events import ChatResult, ResponseStarted
    from openclaw_venice_cli.client.http import ApiClient

SUPPORTED_API = "openai-completions"


def provider_for(config: Config, model_ref: ModelRef) -> ProviderConfig:
    """The configured provider of ``model_ref``, ready for a request (else one clear error:
    unknown provider, an api we do not speak, or Venice without a key)."""
    provider = config.provider(model_ref.provider)
    if provider is None:
        raise OpenclawError(
            f'Unknown provider "{model_ref.provider}" in model {model_ref}. Use '
            f"venice/<model> or configure models.providers.{model_ref.provider}."
        )
    if provider.api != SUPPORTED_API:
        raise OpenclawError(
            f'Provider "{provider.name}" uses api "{provider.api}"; openclaw '
            f'supports "{SUPPORTED_API}".'
        )
    if provider.name == "venice" and provider.api_key is None:
        unreadable = "".join(f" (Could not read {p}.)" for p in config.key_problems)
        raise OpenclawError(
            "No Venice API key. Run `openclaw onboard` or set VENICE_API_KEY." + unreadable
        )
    return provider


class ChatSession:
    """A conversation with one model at a time; ``turn()`` sends a message."""

    def __init__(
        self, env: Environment, config: Config, model_ref: ModelRef, options: ChatOptions,
        conversation: conversations.Conversation | None = None,
    ) -> None:
        self.env = env
        self.config = config
        self.options = options
        self.save_enabled = not options.no_save
        self.model_ref = model_ref
        self.conversation = conversation or conversations.Conversation(
            id=conversations.new_id(), model=str(model_ref)
        )
        self._clients: dict[str, ApiClient] = {}
        self._warned: set[str] = set()  # deprecation warnings already shown
        if options.system is not None:
            self.set_system(options.system)

    # -- state -----------------------------------------------------------------------
    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.conversation.messages

    def set_model(self, model_ref: ModelRef) -> None:
        self.provider(model_ref)  # fail early on an unknown provider
        self.model_ref = model_ref
        self.conversation.model = str(model_ref)

    def set_system(self, text: str | None) -> None:
        """Replace (or with None/"" remove) the conversation's system message."""
        rest = [m for m in self.messages if m.get("role") != "system"]
        self.conversation.messages = ([system_message(text)] if text else []) + rest

    def clear(self) -> None:
        """Start a new conversation with the same model and system message."""
        system = [m for m in self.messages if m.get("role") == "system"]
        self.conversation = conversations.Conversation(
            id=conversations.new_id(), model=str(self.model_ref), messages=system
        )

    def save(self, status: str = "ok") -> None:
        """Save the conversation; a failure is one warning line, never the turn's fate
        (signals wait until the write is done)."""
        self.conversation.status = status
        if not (self.save_enabled and any(m.get("role") == "user" for m in self.messages)):
            return
        try:
            with signals.deferred():
                conversations.save(self.env, self.conversation)
        except OpenclawError as error:
            with contextlib.suppress(OSError, ValueError):
                self.env.warn_once(f"Warning: {error}")

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()

    # -- provider and client --------------------------------------------------------------
    def provider(self, model_ref: ModelRef) -> ProviderConfig:
        return provider_for(self.config, model_ref)

    def _client(self, provider: ProviderConfig, renderer: Renderer) -> ApiClient:
        from openclaw_venice_cli.client.http import ApiClient

        self._notice_sink = renderer
        client = self._clients.get(provider.name)
        if client is None:
            client = ApiClient.for_provider(
                provider, self.env, on_notice=lambda m: self._notice_sink.note(m)
            )
            self._clients[provider.name] = client
        return client

    def check_images(self) -> None:
        """Refuse images now when the catalog lists the model without vision."""
        from openclaw_venice_cli.catalog.loader import find_model, load_catalog
        from openclaw_venice_cli.chat.checks import base_id, check_vision

        catalog = load_catalog(self.env, self.config, network=False)
        ref = self.model_ref
        check_vision(find_model(catalog, base_id(ref.model_id), ref.provider), ref)

    # -- one turn ---------------------------------------------------------------------
    def turn(self, text: str, images: list[str] | None = None) -> ChatResult:
        """Send ``text`` (and images), render the answer, record it; raise on failure."""
        from openclaw_venice_cli.chat.plan import plan_turn
        from openclaw_venice_cli.chat.sources import HeldAnswer

        images = list(images or [])
        provider = self.provider(self.model_ref)
        if images:
            self.check_images()  # before the files are read
        message = user_message(text, images)
        plan = plan_turn(self, provider, message)
        for note in plan.notes:
            self.env.warn_once(note)
        renderer: Renderer = make_renderer(
            self.env, raw=self.options.raw, show_thinking=self.options.show_thinking,
            hide_thinking=self.options.hide_thinking,
        )
        if plan.body.get("response_format") and web_searching(plan.body):
            renderer = HeldAnswer(renderer)  # one JSON document: the answer and sources
        client = self._client(provider, renderer)
        from openclaw_venice_cli.client.events import ChatResult

        result = ChatResult()
        status = "ok"
        try:
            renderer.waiting(plan.label)
            if self.options.stream:
                self._stream(client, plan.body, renderer, result)
            else:
                self._whole(client, plan.body, renderer, result)
            self._show_sources(renderer, result)
        except KeyboardInterrupt as error:
            status = "interrupted"
            raise Interrupted() from error
        except OpenclawError:
            status = "error"
            raise
        except Stopped as stop:  # SIGTERM/SIGHUP: restore the terminal, keep the answer
            status = "hangup" if stop.exit_status == ExitStatus.HANGUP else "terminated"
            raise
        except BrokenPipeError:
            status = "closed"  # the reader of stdout went away (`| head`)
            raise
        except OSError:
            status = "output"  # stdout cannot be written (a full disk, a dead terminal)
            raise
        finally:
            saved_as = {"closed": "ok", "output": "ok"}.get(status, status)
            try:  # recorded first: a second Ctrl-C while the renderer ends loses nothing
                self._record(message, result, saved_as)
            finally:
                with contextlib.suppress(OSError, ValueError):  # the output may be gone
                    if status == "ok":
                        renderer.finish()
                    elif status != "closed":
                        renderer.abort()
        if result.finish_reason == "length":
            self.env.note(CUT_OFF_NOTE)
        if self.options.usage:
            self.env.note(usage_line(result.usage, result.started))
        filtered = content_filtered(result, self.model_ref)
        if filtered is not None:
            raise filtered
        return result

    def _started(self, event: ResponseStarted, renderer: Renderer) -> None:
        """The answer began: Venice's deprecation warning, once per run."""
        note = deprecation_note(event, self.model_ref)
        if note is not None and note not in self._warned:
            self._warned.add(note)
            renderer.note(note)

    def _show_sources(self, renderer: Renderer, result: ChatResult) -> None:
        """The web-search sources after the answer (or the JSON document with them)."""
        from openclaw_venice_cli.chat.sources import HeldAnswer, sources_block
        from openclaw_venice_cli.rendering.renderer import use_markdown

        if isinstance(renderer, HeldAnswer):
            renderer.release(result.sources)
            return
        block = sources_block(result.sources, after=result.content,
                              markdown=use_markdown(self.env, raw=self.options.raw))
        if block:
            renderer.content(block)

    def _stream(self, client: ApiClient, body: dict[str, Any], renderer: Renderer,
                result: ChatResult) -> None:
        from openclaw_venice_cli.client import events as ev

        stream = client.stream_chat(body)
        unwritable: OSError | None = None  # stdout failed: keep receiving, to save it all
        try:
            for event in stream:
                result.add(event)
                if unwritable is not None:
                    continue
                try:
                    if isinstance(event, ev.ContentDelta):
                        renderer.content(event.text)
                    elif isinstance(event, ev.ReasoningDelta):
                        renderer.reasoning(event.text)
                    elif isinstance(event, ev.ResponseStarted):
                        self._started(event, renderer)
                except BrokenPipeError:
                    raise  # the reader went away (`| head`): no one wants the rest
                except OSError as error:
                    unwritable = error
        finally:
            close = getattr(stream, "close", None)
            if close is not None:
                close()
        if unwritable is not None:
            raise unwritable

    def _whole(self, client: ApiClient, body: dict[str, Any], renderer: Renderer,
               result: ChatResult) -> None:
        for event in client.complete(body):
            result.add(event)
        self._started(result.started, renderer)
        renderer.reasoning(result.reasoning)
        renderer.content(result.content)

    def _record(self, message: dict[str, Any], result: ChatResult, status: str) -> None:
        """Keep the exchange: the user turn and whatever answer text arrived.

        An answer with no text (nothing arrived, or only tool calls) is not kept, and
        neither is its user turn: history must stay valid for the next request.
        """
        if not result.content:
            return
        self.messages.append(message)
        self.messages.append({"role": "assistant", "content": result.content})
        self.save(status)


def web_searching(body: dict[str, Any]) -> bool:
    """Does this request let Venice search the web (on or auto)?"""
    params = body.get("venice_parameters")
    return isinstance(params, dict) and params.get("enable_web_search") in ("on", "auto")


def tool_calls_json(calls: list[dict[str, Any]]) -> str:
    """The tool calls as printed on stdout: ``{"tool_calls": [...]}``."""
    return json.dumps({"tool_calls": calls}, indent=2, ensure_ascii=False)
