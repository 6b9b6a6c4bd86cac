"""`infer model run` and `infer image describe`: one chat turn, with chat's machinery.

Without ``--json`` the turn is exactly ``openclaw chat``'s (``chat.run.run_chat``: the
answer streams, Markdown on a terminal, nothing saved). With ``--json`` the same
``ChatSession`` runs the turn unstreamed into a private buffer, and the answer goes
into OpenClaw's envelope (``outputs: [{text, …}]``).
"""

from __future__ import annotations

from typing import Any

from openclaw_venice_cli.chat.options import ChatOptions
from openclaw_venice_cli.chat.thinking import parse_level
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ExitStatus, ServerError, UsageError
from openclaw_venice_cli.media import envelope
from openclaw_venice_cli.media.models import Target, choose, timeout_seconds

DESCRIBE_PROMPT = "Describe the image."


def thinking_options(options: ChatOptions, level: str | None) -> ChatOptions:
    """``--thinking``: chat's own option (its levels and checks, ``chat/thinking.py``)."""
    if level is None:
        return options
    return options._replace(thinking=parse_level(level))


def _with_timeout(env: Environment, seconds: float | None) -> Environment:
    """``env`` whose client timeout is ``seconds`` (OPENCLAW_TIMEOUT, read by the client)."""
    if seconds is None:
        return env
    env.environ = {**env.environ, "OPENCLAW_TIMEOUT": f"{seconds:g}"}
    return env


def _quiet(env: Environment) -> Environment:
    """``env`` with stdout redirected into a buffer (the JSON path prints only JSON)."""
    return env.buffered()


def _answer(env: Environment, target: Target, options: ChatOptions, prompt: str,
            images: list[str]) -> str:
    """One unstreamed turn through ChatSession; the answer's text (an error if empty)."""
    from openclaw_venice_cli.chat.session import ChatSession
    from openclaw_venice_cli.config.loader import load_config

    quiet = _quiet(env)
    session = ChatSession(quiet, load_config(quiet), target.ref,
                          options._replace(no_stream=True, no_save=True))
    try:
        result = session.turn(prompt, images)
    finally:
        session.close()
    if not result.content.strip():
        detail = " (it returned only reasoning)" if result.reasoning.strip() else ""
        raise ServerError(f"{target.ref} returned no text{detail}",
                          cf_ray=result.started.cf_ray if result.started else None)
    return result.content


def _inputs(env: Environment, images: list[str]) -> list[dict[str, Any]]:
    """``[{path, mimeType}]`` of the images sent (paths absolute; URLs as given)."""
    from openclaw_venice_cli.chat.request import sniff_image_type
    from openclaw_venice_cli.media.inputs import is_url

    rows: list[dict[str, Any]] = []
    for spec in images:
        if is_url(spec):
            rows.append({"path": spec, "mimeType": None})
            continue
        path = env.expand(spec).resolve()
        with open(path, "rb") as handle:  # chat has read it whole already
            rows.append({"path": str(path), "mimeType": sniff_image_type(handle.read(64))})
    return rows


def run_model(env: Environment, *, prompt: str, files: list[str], model: str | None,
              thinking: str | None, json_: bool) -> ExitStatus:
    """``infer model run``: the exit status (chat's: 11 when it ends in tool calls)."""
    from openclaw_venice_cli.chat.run import run_chat
    from openclaw_venice_cli.config.loader import load_config

    if not prompt.strip():
        raise UsageError("--prompt cannot be empty.")
    options = thinking_options(ChatOptions(model=model, images=files or None, no_save=True),
                               thinking)
    if not json_:
        return run_chat(env, options, prompt)
    config = load_config(env)
    target = choose(env, config, "text", model or config.default_model_ref())
    text = _answer(env, target, options, prompt, files)
    envelope.emit_json(env, envelope.envelope(
        "model.run", provider=target.provider.name, model=target.ref.model_id,
        inputs=_inputs(env, files) if files else None, outputs=[{"text": text, "mediaUrl": None}]))
    return ExitStatus.OK


def describe_image(env: Environment, *, file: str, prompt: str | None, model: str | None,
                   timeout_ms: int | None, json_: bool) -> None:
    """``infer image describe``: a vision model looks at one image."""
    from openclaw_venice_cli.chat.run import run_chat
    from openclaw_venice_cli.config.loader import load_config

    timeout_seconds(timeout_ms)  # a bad value is a usage error before anything else
    question = prompt if prompt is not None and prompt.strip() else DESCRIBE_PROMPT
    config = load_config(env)
    target = choose(env, config, "vision", model, timeout_ms=timeout_ms)
    env = _with_timeout(env, target.timeout)
    options = ChatOptions(model=str(target.ref), images=[file], no_save=True)
    if not json_:
        run_chat(env, options, question)
        return
    text = _answer(env, target, options, question, [file])
    envelope.emit_json(env, envelope.envelope(
        "image.describe", provider=target.provider.name, model=target.ref.model_id,
        outputs=[{"path": _inputs(env, [file])[0]["path"], "text": text,
                  "provider": target.provider.name, "model": target.ref.model_id,
                  "kind": "image.description"}]))
