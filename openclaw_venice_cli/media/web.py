"""`infer web search | fetch` (Venice's /augment endpoints) and `infer image styles`.

Results are server text: shown with visible controls on a terminal, byte-exact when
piped; ``--json`` wraps Venice's answer in OpenClaw's envelope (``outputs[0].result``).
"""

from __future__ import annotations

from typing import Any

from openclaw_venice_cli.config import schema
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ServerError, UsageError
from openclaw_venice_cli.media import envelope
from openclaw_venice_cli.media.models import client_for, venice_target

MAX_SEARCH = 16 * 1000 * 1000
MAX_PAGE = 32 * 1000 * 1000
MAX_QUERY = 400
MAX_LIMIT = 20
SEARCH_PROVIDERS = ("venice", "brave", "google")  # Venice's own choice, or its backends



def _search_provider(config_data: Any, option: str | None) -> str | None:
    """``--provider`` (else ``tools.web.search.provider``) as Venice's ``search_provider``."""
    value = option if option is not None else schema.text_at(config_data,
                                                               schema.WEB_SEARCH_PROVIDER)
    if value is None:
        return None
    lowered = value.strip().lower()
    if lowered not in SEARCH_PROVIDERS:
        where = "--provider" if option is not None else schema.dotted(
            schema.WEB_SEARCH_PROVIDER)
        raise UsageError(f'{where} must be venice, brave or google here (got "{value}").')
    return None if lowered == "venice" else lowered


def _limit(config_data: Any, option: int | None) -> int | None:
    value = option
    if value is None:
        configured = schema.lookup(config_data, schema.WEB_SEARCH_LIMIT)
        value = configured if isinstance(configured, int) and not isinstance(
            configured, bool) else None
    if value is not None and not 1 <= value <= MAX_LIMIT:
        raise UsageError(f"--limit must be between 1 and {MAX_LIMIT}.")
    return value


def search(env: Environment, *, query: str, limit: int | None, provider: str | None,
           json_: bool) -> None:
    """``infer web search``: numbered results (title, URL, snippet)."""
    from openclaw_venice_cli.config.loader import load_config

    if not query.strip():
        raise UsageError("--query cannot be empty.")
    if len(query) > MAX_QUERY:
        raise UsageError(f"--query is longer than Venice's {MAX_QUERY} characters.")
    config = load_config(env)
    body: dict[str, Any] = {"query": query}
    count = _limit(config.data, limit)
    backend = _search_provider(config.data, provider)
    if count is not None:
        body["limit"] = count
    if backend is not None:
        body["search_provider"] = backend
    target = venice_target(config, None)
    with client_for(env, target) as client, client.post("/augment/search",
                                                     json_body=body) as reply:
        answer = reply.json_object(MAX_SEARCH)
    results = answer.get("results")
    if not isinstance(results, list):
        raise ServerError("The server's search answer holds no results", cf_ray=reply.cf_ray)
    if json_:
        envelope.emit_json(env, envelope.envelope("web.search", provider="venice",
                                                  outputs=[{"result": answer}]))
        return
    if not results:
        env.note("No results.")
        return
    envelope.emit_text(env, "\n".join(_result_lines(results)))


def _result_lines(results: list[Any]) -> list[str]:
    lines: list[str] = []
    for index, item in enumerate(results, 1):
        row = item if isinstance(item, dict) else {}
        title, url = str(row.get("title") or "(untitled)"), str(row.get("url") or "")
        snippet, date = str(row.get("content") or ""), str(row.get("date") or "")
        if lines:
            lines.append("")
        lines.append(f"{index}. {' '.join(title.split())}")
        lines.append(f"   {url}")
        if snippet.strip():
            lines.append(f"   {' '.join(snippet.split())}" + (f" ({date})" if date else ""))
    return lines


def fetch(env: Environment, *, url: str, page_format: str | None, json_: bool) -> None:
    """``infer web fetch``: the page as Markdown."""
    from openclaw_venice_cli.config.loader import load_config

    if not url.strip().lower().startswith(("http://", "https://")):
        raise UsageError("--url must be an http:// or https:// address.")
    ignored = []
    if page_format is not None and page_format.strip().lower() not in ("markdown", "md"):
        ignored = envelope.ignored_overrides({"format": page_format})
    config = load_config(env)
    target = venice_target(config, None)
    with client_for(env, target) as client, client.post(
            "/augment/scrape", json_body={"url": url.strip()}) as reply:
        answer = reply.json_object(MAX_PAGE)
    content = envelope.text_of(answer, "content", "page content", reply.cf_ray)
    envelope.note_ignored(env, ignored)
    if json_:
        envelope.emit_json(env, envelope.envelope("web.fetch", provider="venice",
                                                  outputs=[{"result": answer}],
                                                  ignored=ignored))
        return
    envelope.emit_text(env, content)


def list_styles(env: Environment, *, json_: bool) -> None:
    """``infer image styles``: Venice's style presets, one per line."""
    from openclaw_venice_cli.config.loader import load_config

    target = venice_target(load_config(env), None)
    with client_for(env, target) as client, client.get("/image/styles") as reply:
        answer = reply.json_object(1_000_000)
    styles = [s for s in answer.get("data") or [] if isinstance(s, str)]
    if json_:
        envelope.emit_json(env, styles)
    else:
        envelope.emit_text(env, "\n".join(styles))
