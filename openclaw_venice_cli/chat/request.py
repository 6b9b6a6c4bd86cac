"""Building a chat-completions request body from `openclaw chat` options.

Only keys Venice's strict top-level schema accepts are ever sent. Rules:

- ``model`` is the id without the ``provider/`` prefix.
- ``--max-tokens N``: Venice gets ``max_completion_tokens`` (its documented field) and
  also the deprecated ``max_tokens``, which Venice ignores when ``max_completion_tokens``
  is present but which llama.cpp-style servers (used as the Venice provider in the
  end-to-end tests) read instead. Other OpenAI-compatible providers get ``max_tokens``,
  the field every such server understands. Without the flag, neither is sent.
- ``venice_parameters`` only when a Venice flag is given, and only for the Venice
  provider; ``enable_web_search`` is the string ``"on"``/``"auto"``/``"off"``.
- ``--schema``: ``{"type": "json_schema", "json_schema": {name, strict: true, schema}}``
  with ``additionalProperties: false`` added to objects that lack it and ``required``
  filled with every property where it is missing (Venice's strict mode demands both).
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

from openclaw_venice_cli.chat.options import WEB_SEARCH_VALUES, ChatOptions
from openclaw_venice_cli.errors import UsageError

MAX_IMAGE_BYTES = 25 * 1024 * 1024
_IMAGE_SUFFIXES = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".webp": "image/webp", ".gif": "image/gif", ".heic": "image/heic",
    ".heif": "image/heif", ".avif": "image/avif",
}
_SCHEMA_CHILDREN = ("items", "additionalItems", "not", "contains", "if", "then", "else")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties")


def image_url(spec: str) -> str:
    """An ``image_url`` value: http(s) and data URLs as given, files as data URLs."""
    lowered = spec.lower()
    if lowered.startswith(("http://", "https://", "data:image/")):
        return spec
    path = Path(spec).expanduser()
    data = read_input(path, spec, MAX_IMAGE_BYTES, "Image")
    mime = sniff_image_type(data) or _IMAGE_SUFFIXES.get(path.suffix.lower())
    if mime is None:
        raise UsageError(f"{spec} is not a PNG, JPEG, WebP, GIF, HEIC or AVIF image.")
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def read_input(path: Path, spec: str, limit: int, what: str,
               limit_of: str = "Venice's") -> bytes:
    """A file the user gave (``spec``, found at ``path``), at most ``limit`` bytes, not
    empty; any problem is one usage error naming it (``what``: "Image", …)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError as error:
        raise UsageError(f"{what} not found: {spec}") from error
    except IsADirectoryError as error:
        raise UsageError(f"{what} is a directory: {spec}") from error
    except OSError as exc:
        raise UsageError(f"Cannot read {what.lower()} {spec}: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise UsageError(f"{what} {spec} is larger than {limit_of} {limit // 1_000_000} MB "
                         "limit.")
    if not data:
        raise UsageError(f"{what} {spec} is empty.")
    return data


def sniff_image_type(data: bytes) -> str | None:
    """The MIME type from an image's magic bytes, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[4:8] == b"ftyp":
        brand = data[8:12]
        if brand in (b"avif", b"avis"):
            return "image/avif"
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
            return "image/heic"
    return None


def user_message(text: str, images: list[str]) -> dict[str, Any]:
    """A user message: plain text, or text and image parts."""
    if not images:
        return {"role": "user", "content": text}
    parts: list[dict[str, Any]] = []
    if text:
        parts.append({"type": "text", "text": text})
    parts.extend({"type": "image_url", "image_url": {"url": image_url(i)}} for i in images)
    return {"role": "user", "content": parts}


MAX_JSON_FILE_BYTES = 1024 * 1024  # a schema or a tools list; Venice takes far less


def _read_json(path: Path, what: str) -> Any:
    data = read_input(path.expanduser(), str(path), MAX_JSON_FILE_BYTES, f"{what} file",
                      limit_of="openclaw's")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"Cannot read {what} file {path}: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{what} file {path} is not valid JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg})."
        ) from exc


def strict_schema(schema: Any) -> Any:
    """A copy of ``schema`` with ``additionalProperties: false`` and full ``required``
    on every object schema that lacks them (what Venice's strict mode requires)."""
    if isinstance(schema, list):
        return [strict_schema(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = dict(schema)
    for key in _SCHEMA_CHILDREN:
        if isinstance(result.get(key), dict):
            result[key] = strict_schema(result[key])
    for key in _SCHEMA_LISTS:
        if isinstance(result.get(key), list):
            result[key] = strict_schema(result[key])
    for key in _SCHEMA_MAPS:
        if isinstance(result.get(key), dict):
            result[key] = {k: strict_schema(v) for k, v in result[key].items()}
    kind = result.get("type")
    is_object = kind == "object" or (isinstance(kind, list) and "object" in kind) or (
        kind is None and isinstance(result.get("properties"), dict)
    )
    if is_object:
        result.setdefault("additionalProperties", False)
        props = result.get("properties")
        if isinstance(props, dict) and "required" not in result:
            result["required"] = list(props)
    return result


def schema_name(path: Path) -> str:
    """A ``json_schema.name`` from the file's stem: ``[A-Za-z0-9_-]``, at most 64."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", path.stem).strip("_")[:64]
    return name or "response"


def response_format(opts: ChatOptions) -> dict[str, Any] | None:
    """``response_format`` for ``--json`` / ``--schema FILE`` (mutually exclusive)."""
    if opts.json_mode and opts.schema_file:
        raise UsageError("--json and --schema cannot be used together.")
    if opts.json_mode:
        return {"type": "json_object"}
    if opts.schema_file is None:
        return None
    data = _read_json(opts.schema_file, "Schema")
    if not isinstance(data, dict):
        raise UsageError(f"Schema file {opts.schema_file} must hold a JSON object.")
    name = schema_name(opts.schema_file)
    if isinstance(data.get("schema"), dict) and ("name" in data or "strict" in data):
        # Already the OpenAI wrapper {"name", "strict", "schema"}.
        name = str(data.get("name") or name)
        data = data["schema"]
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "strict": True, "schema": strict_schema(data)},
    }


def load_tools(path: Path) -> list[dict[str, Any]]:
    """Function definitions from a JSON file, normalised to the OpenAI ``tools`` shape.

    Accepts a list (or ``{"tools": [...]}``) of ``{"type": "function", "function":
    {...}}`` objects or bare ``{"name", "description", "parameters"}`` objects.
    """
    data = _read_json(path, "Tools")
    if isinstance(data, dict) and isinstance(data.get("tools"), list):
        data = data["tools"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise UsageError(f"Tools file {path} must hold a non-empty JSON list of functions.")
    tools: list[dict[str, Any]] = []
    for index, item in enumerate(data):
        function = item.get("function") if isinstance(item, dict) else None
        if isinstance(item, dict) and item.get("type") == "function" and isinstance(
            function, dict
        ):
            definition = dict(function)
        elif isinstance(item, dict):
            definition = dict(item)
        else:
            raise UsageError(f"Tools file {path}: entry {index + 1} is not a JSON object.")
        name = definition.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", name):
            raise UsageError(
                f"Tools file {path}: entry {index + 1} needs a \"name\" of letters, digits, "
                "_ or - (at most 64)."
            )
        params = definition.get("parameters")
        if params is not None and not isinstance(params, dict):
            raise UsageError(f"Tools file {path}: \"parameters\" of {name} must be an object.")
        tools.append({"type": "function", "function": definition})
    return tools


def web_search_mode(opts: ChatOptions) -> str | None:
    """``on`` / ``auto`` / ``off`` as asked; ``--web-citations`` alone means ``auto``."""
    if opts.web_search is not None:
        value = opts.web_search.strip().lower()
        if value not in WEB_SEARCH_VALUES:
            raise UsageError("--web-search must be on, auto or off.")
        return value
    return "auto" if opts.web_citations else None


def venice_parameters(opts: ChatOptions) -> dict[str, Any]:
    """The ``venice_parameters`` the flags ask for (empty when none was given).

    With web search on (or auto), a streamed answer asks for the search results in the
    stream (``include_search_results_in_stream``) so its sources can be listed.
    """
    params: dict[str, Any] = {}
    search = web_search_mode(opts)
    if search is not None:
        params["enable_web_search"] = search
        if search != "off" and opts.stream:
            params["include_search_results_in_stream"] = True
    if opts.web_citations:
        params["enable_web_citations"] = True
    if opts.web_scraping:
        params["enable_web_scraping"] = True
    if opts.no_venice_system_prompt:
        params["include_venice_system_prompt"] = False
    if opts.character:
        params["character_slug"] = opts.character.strip()
    if opts.strip_thinking:
        params["strip_thinking_response"] = True
    if opts.disable_thinking:
        params["disable_thinking"] = True
    return params


def check_sampling(opts: ChatOptions) -> None:
    """``--temperature``, ``--top-p``, ``--seed``, ``--stop``, ``--max-tokens`` (exit 2)."""
    if opts.temperature is not None and not 0.0 <= opts.temperature <= 2.0:
        raise UsageError("--temperature must be between 0 and 2.")
    if opts.top_p is not None and not 0.0 <= opts.top_p <= 1.0:
        raise UsageError("--top-p must be between 0 and 1.")
    if opts.seed is not None and opts.seed < 1:
        raise UsageError("--seed must be a positive integer.")
    if opts.max_tokens is not None and opts.max_tokens < 1:
        raise UsageError("--max-tokens must be at least 1.")
    stops = opts.stop or []
    if len(stops) > 4:
        raise UsageError("--stop can be given at most 4 times (Venice's limit).")
    if any(not stop for stop in stops):
        raise UsageError("--stop needs a non-empty text.")


def build_body(
    provider: str, model_id: str, messages: list[dict[str, Any]], opts: ChatOptions, *,
    extra: dict[str, Any] | None = None, venice_extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The request body (without ``stream``, which the client adds). ``extra`` adds
    top-level fields worked out per turn (``reasoning_effort``, ``prompt_cache_key``),
    ``venice_extra`` more ``venice_parameters`` (Venice only)."""
    check_sampling(opts)
    body: dict[str, Any] = {"model": model_id, "messages": messages}
    if opts.temperature is not None:
        body["temperature"] = opts.temperature
    if opts.top_p is not None:
        body["top_p"] = opts.top_p
    if opts.seed is not None:
        body["seed"] = opts.seed
    if opts.stop:
        body["stop"] = list(opts.stop)
    if opts.max_tokens is not None:
        if provider == "venice":
            body["max_completion_tokens"] = opts.max_tokens
        body["max_tokens"] = opts.max_tokens
    fmt = response_format(opts)
    if fmt is not None:
        body["response_format"] = fmt
    if opts.tools_file is not None:
        body["tools"] = load_tools(opts.tools_file)
    body.update(extra or {})
    params = venice_parameters(opts)
    if params and provider != "venice":
        raise UsageError(
            f"Venice options (--web-search, --character, ...) need the venice provider, "
            f"not {provider}."
        )
    if provider == "venice":
        params.update(venice_extra or {})
    if params:
        body["venice_parameters"] = params
    return body


def system_message(text: str) -> dict[str, Any]:
    return {"role": "system", "content": text}
