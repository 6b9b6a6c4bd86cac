"""The emulator's non-chat routes: images, speech, transcription, embeddings, web augment.

Each route checks auth (as the chat route does), honours an ``http-error`` scenario whose
``on`` names it (``image``, ``edit``, ``upscale``, ``styles``, ``speech``,
``transcriptions``, ``embeddings``, ``search``, ``scrape``, or ``any``), validates the
body against the OpenAPI schema of its content type (JSON or multipart; a violation is a
zod-style 400, an unknown model a 404) and answers with deterministic content.
Every body it sends is kept in ``emulator.sent`` so tests compare files with it.

Scenario options for any media route (``set_scenario("plain", …)``):
``media_size`` (bytes of generated media), ``media_cut`` (declare the full length, send
half, close), ``media_flood`` (stream chunks without a length until the client hangs
up), ``media_delay`` (seconds before answering; released by reset), ``hostile`` (put
terminal escape sequences into texts), ``blurred`` / ``violation`` (image headers),
``embedding_form`` (``base64`` or ``tokens``: vectors as other servers send them).
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.emulator import hostile, media_data
from tests.emulator.bodies import schema_issues, validation_body
from tests.openapi import multipart_errors, multipart_instance, parse_multipart, request_errors

if TYPE_CHECKING:
    from tests.emulator.handler import _Handler

Route = Callable[[dict[str, str], bytes], None]
HOSTILE = hostile.PAYLOAD
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def routes(h: _Handler, prefix: str) -> dict[tuple[str, str], Route]:
    """The media routes of one request handler."""
    table: dict[str, tuple[str, Callable[[_Handler, bytes], None]]] = {
        "/image/generate": ("POST", _generate), "/image/edit": ("POST", _edit),
        "/image/upscale": ("POST", _upscale), "/image/styles": ("GET", _styles),
        "/audio/speech": ("POST", _speech), "/audio/transcriptions": ("POST", _transcribe),
        "/embeddings": ("POST", _embeddings), "/augment/search": ("POST", _search),
        "/augment/scrape": ("POST", _scrape),
    }
    return {(method, prefix + path): _bind(h, fn) for path, (method, fn) in table.items()}


def _bind(h: _Handler, fn: Callable[[_Handler, bytes], None]) -> Route:
    return lambda query, raw: fn(h, raw)


# -- plumbing ------------------------------------------------------------------------------
_ENDPOINT = {"/image/generate": "image", "/image/edit": "edit", "/image/upscale": "upscale",
             "/image/styles": "styles", "/audio/speech": "speech",
             "/audio/transcriptions": "transcriptions", "/embeddings": "embeddings",
             "/augment/search": "search", "/augment/scrape": "scrape"}


def _options(h: _Handler) -> dict[str, Any]:
    return h.emulator.scenario[1]


def _admitted(h: _Handler) -> bool:
    """Auth, then a forced error for this endpoint, then ``media_delay``."""
    if not h._authorized():
        return False
    path = h.path.split("?")[0].rstrip("/")
    endpoint = next((name for suffix, name in _ENDPOINT.items() if path.endswith(suffix)), "")
    forced = h.emulator._forced_error(endpoint, h.emulator.root_url + h.path)
    if forced:
        h._error(forced)
        return False
    delay = _options(h).get("media_delay")
    if delay is not None and h.emulator._release.wait(float(delay)):
        h.close_connection = True
        return False
    return True


def _content_type(h: _Handler) -> str:
    return h.headers.get("Content-Type", "")


def _json_body(h: _Handler, raw: bytes, api_path: str) -> dict[str, Any] | None:
    """The validated JSON body, or None after answering 415/400."""
    if _content_type(h).split(";")[0].strip().lower() != "application/json":
        h._error((415, {}, {"error": "Invalid request content-type"}))
        return None
    try:
        body = json.loads(raw)
    except ValueError:
        h._error((400, {}, {"error": "Invalid JSON request"}))
        return None
    errors = request_errors(api_path, body)
    if errors:
        h._error((400, {}, validation_body(schema_issues(errors))))
        return None
    return body if isinstance(body, dict) else None


def _form_body(h: _Handler, raw: bytes, api_path: str) -> tuple[dict[str, Any],
                                                                 dict[str, Any]] | None:
    """``(fields, files)`` of a validated multipart body, or None after answering."""
    ctype = _content_type(h)
    if not ctype.lower().startswith("multipart/form-data"):
        h._error((415, {}, {"error": "Invalid request content-type"}))
        return None
    try:
        errors = multipart_errors(api_path, raw, ctype)
        fields = multipart_instance(api_path, raw, ctype)
        parts = parse_multipart(raw, ctype)
    except ValueError as exc:
        h._error((400, {}, {"error": f"Invalid multipart body: {exc}"}))
        return None
    if errors:
        h._error((400, {}, validation_body(schema_issues(errors))))
        return None
    files = {p.name: p for p in parts if p.filename is not None}
    return fields, files


def _model_row(h: _Handler, model_id: Any, *kinds: str) -> dict[str, Any] | None:
    """The row of ``model_id`` among the models of ``kinds``, else None after a 404."""
    for row in h.emulator.media_models:
        if row.get("id") == model_id and row.get("type") in kinds:
            return row
    h._error((404, {}, {"error": f"Specified model not found: {model_id}"}))
    return None


def _default_model(h: _Handler, kind: str, fallback: str) -> str:
    for row in h.emulator.media_models:
        if row.get("type") == kind and "default" in row["model_spec"].get("traits", []):
            return str(row["id"])
    return fallback


def _text(h: _Handler, text: str) -> str:
    return HOSTILE + text + HOSTILE if _options(h).get("hostile") else text


def _headers(h: _Handler, model: str | None, ctype: str) -> dict[str, str]:
    headers = h._common_headers(model)
    headers["Content-Type"] = ctype
    return headers


def _send_media(h: _Handler, data: bytes, ctype: str, model: str | None,
                extra: dict[str, str] | None = None) -> None:
    """Send a binary answer, honouring media_cut / media_flood; keep it in ``sent``."""
    opts = _options(h)
    headers = {**_headers(h, model, ctype), **(extra or {})}
    if opts.get("media_flood"):
        _flood(h, headers, int(opts.get("media_flood_limit", 1 << 30)))
        return
    h.emulator._sent(data)
    if not opts.get("media_cut"):
        h._send(200, data, headers)
        return
    h.send_response(200)
    for key, value in headers.items():
        h.send_header(key, value)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data[: len(data) // 2])
    h.wfile.flush()
    h.close_connection = True


def _flood(h: _Handler, headers: dict[str, str], limit: int) -> None:
    """Chunked bytes without a declared length until the client hangs up (or ``limit``)."""
    h.send_response(200)
    for key, value in headers.items():
        h.send_header(key, value)
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    chunk = media_data.stream_bytes("flood", 1 << 20)
    sent = 0
    try:
        while sent < limit:
            h.wfile.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        h.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    h.close_connection = True


def _send_json(h: _Handler, body: dict[str, Any], model: str | None) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    h.emulator._sent(data)
    if _options(h).get("media_flood") or _options(h).get("media_cut"):
        _send_media(h, data, "application/json", model)
        return
    h._send(200, body, h._common_headers(model))


def _size(h: _Handler, default: int) -> int:
    return int(_options(h).get("media_size", default))


# -- images --------------------------------------------------------------------------------
def _image_headers(h: _Handler, body: dict[str, Any]) -> dict[str, str]:
    opts, prompt = _options(h), str(body.get("prompt", "")).lower()
    blurred = opts.get("blurred") or ("nsfw" in prompt and body.get("safe_mode", True))
    return {"x-venice-is-blurred": "true" if blurred else "false",
            "x-venice-is-content-violation": "true" if opts.get("violation") else "false"}


def _generate(h: _Handler, raw: bytes) -> None:
    if not _admitted(h):
        return
    body = _json_body(h, raw, "/image/generate")
    if body is None or _model_row(h, body["model"], "image") is None:
        return
    fmt = body.get("format", "webp")
    count = int(body.get("variants", 1))
    if body.get("return_binary") and count > 1:
        h._error((400, {}, {"error": "variants is only supported when return_binary is false"}))
        return
    seed = f"{body['model']}|{body['prompt']}|{body.get('seed', 0)}|{fmt}"
    images = [media_data.image_bytes(fmt, f"{seed}|{i}", _size(h, 6000)) for i in range(count)]
    extra = _image_headers(h, body)
    if body.get("return_binary"):
        _send_media(h, images[0], IMAGE_TYPES[fmt], body["model"], extra)
        return
    answer = {"id": f"generate-image-{uuid.uuid4().hex[:12]}",
              "images": [base64.b64encode(image).decode("ascii") for image in images],
              "request": body, "timing": {"inferenceDuration": 812, "inferencePreprocessingTime":
                                          3, "inferenceQueueTime": 40, "total": 860}}
    data = json.dumps(answer).encode("utf-8")
    h.emulator._sent(data)
    for image in images:
        h.emulator._sent(image)
    if _options(h).get("media_flood") or _options(h).get("media_cut"):
        _send_media(h, data, "application/json", body["model"], extra)
        return
    h._send(200, answer, {**h._common_headers(body["model"]), **extra})


def _upload(h: _Handler, raw: bytes, api_path: str) -> tuple[dict[str, Any], bytes] | None:
    """Fields and the uploaded image of an edit/upscale request (multipart or JSON)."""
    if _content_type(h).lower().startswith("multipart/form-data"):
        form = _form_body(h, raw, api_path)
        if form is None:
            return None
        fields, files = form
        part = files.get("image")
        if part is None:
            h._error((400, {}, validation_body([{"code": "custom", "path": ["image"],
                                                 "message": "Required"}])))
            return None
        return fields, part.value
    body = _json_body(h, raw, api_path)
    if body is None:
        return None
    image = str(body.get("image", ""))
    try:
        data = base64.b64decode(image.split(",", 1)[-1], validate=True)
    except ValueError:
        data = image.encode()
    return body, data


def _edit(h: _Handler, raw: bytes) -> None:
    if not _admitted(h):
        return
    upload = _upload(h, raw, "/image/edit")
    if upload is None:
        return
    fields, image = upload
    model = fields.get("model") or fields.get("modelId") or _default_model(
        h, "inpaint", "firered-image-edit")
    if _model_row(h, model, "inpaint") is None:
        return
    fmt = fields.get("output_format", "png")
    data = media_data.image_bytes(fmt, f"edit|{model}|{fields['prompt']}|{len(image)}",
                                  _size(h, 6000))
    _send_media(h, data, IMAGE_TYPES[fmt], model, _image_headers(h, fields))


def _upscale(h: _Handler, raw: bytes) -> None:
    if not _admitted(h):
        return
    upload = _upload(h, raw, "/image/upscale")
    if upload is None:
        return
    fields, image = upload
    scale = fields.get("scale", 2)
    if scale not in (2, 4):
        h._error((400, {}, {"error": "Scale must be either 2 or 4"}))
        return
    data = media_data.image_bytes("png", f"upscale|{scale}|{len(image)}", _size(h, 9000))
    _send_media(h, data, "image/png", None)


def _styles(h: _Handler, raw: bytes) -> None:
    if _admitted(h):
        _send_json(h, {"object": "list", "data": [_text(h, s) for s in media_data.STYLES]},
                   None)


# -- audio ---------------------------------------------------------------------------------
def _speech(h: _Handler, raw: bytes) -> None:
    if not _admitted(h):
        return
    body = _json_body(h, raw, "/audio/speech")
    if body is None:
        return
    model = body.get("model", "tts-kokoro")
    row = _model_row(h, model, "tts")
    if row is None:
        return
    spec = row["model_spec"]
    voice = body.get("voice", spec.get("default_voice"))
    if voice not in spec.get("voices", []):
        h._error((400, {}, {"error": f"Voice {voice} is not available for model {model}"}))
        return
    fmt = body.get("response_format", spec.get("default_format", "mp3"))
    if fmt not in spec.get("supported_formats", []):
        h._error((400, {}, {"error": f"Format {fmt} is not supported by model {model}"}))
        return
    data = media_data.audio_bytes(fmt, f"{model}|{voice}|{body['input']}", _size(h, 8000))
    _send_media(h, data, media_data.AUDIO_TYPES[fmt], model)


def _transcribe(h: _Handler, raw: bytes) -> None:
    if not _admitted(h):
        return
    form = _form_body(h, raw, "/audio/transcriptions")
    if form is None:
        return
    fields, files = form
    part = files.get("file")
    if part is None:
        h._error((400, {}, validation_body([{"code": "custom", "path": ["file"],
                                             "message": "Required"}])))
        return
    model = fields.get("model", "nvidia/parakeet-tdt-0.6b-v3")
    if _model_row(h, model, "asr") is None:
        return
    if not part.value:
        h._error((400, {}, {"error": "The audio file is empty"}))
        return
    text = _text(h, media_data.transcript(part.filename or "audio", part.value,
                                          fields.get("language")))
    if fields.get("response_format") == "text":
        data = text.encode("utf-8")
        h.emulator._sent(data)
        h._send(200, data, {**h._common_headers(model),
                            "Content-Type": "text/plain; charset=utf-8"})
        return
    answer: dict[str, Any] = {"text": text, "duration": round(len(part.value) / 16000, 3)}
    if fields.get("timestamps"):
        answer["timestamps"] = {"segment": [{"text": text, "start": 0.0,
                                             "end": answer["duration"]}]}
    _send_json(h, answer, model)


# -- embeddings and web --------------------------------------------------------------------
def _embeddings(h: _Handler, raw: bytes) -> None:
    if not _admitted(h):
        return
    body = _json_body(h, raw, "/embeddings")
    if body is None:
        return
    row = _model_row(h, body["model"], "embedding")
    if row is None:
        return
    spec = row["model_spec"]
    dimensions = body.get("dimensions", spec["embeddingDimensions"])
    if "dimensions" in body and not spec.get("supportsCustomDimensions"):
        h._error((400, {}, {"error": f"Model {body['model']} does not support custom "
                                     "dimensions"}))
        return
    texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
    form = _options(h).get("embedding_form")  # "base64" or "tokens": other servers' shapes
    data = []
    for index, text in enumerate(texts):
        vector = media_data.embedding(text, int(dimensions))
        value: Any = vector
        if body.get("encoding_format") == "base64" or form == "base64":
            value = media_data.embedding_base64(vector)
        elif form == "tokens":  # llama.cpp without pooling: one vector per word
            value = [media_data.embedding(word, int(dimensions)) for word in text.split()]
        data.append({"embedding": value, "index": index, "object": "embedding"})
    data.reverse()  # the order of `data` is not promised; `index` is
    tokens = sum(max(1, len(t) // 4) for t in texts)
    _send_json(h, {"object": "list", "data": data, "model": body["model"],
                   "usage": {"prompt_tokens": tokens, "total_tokens": tokens}}, body["model"])


def _search(h: _Handler, raw: bytes) -> None:
    if not _admitted(h):
        return
    body = _json_body(h, raw, "/augment/search")
    if body is None:
        return
    results = media_data.search_results(body["query"], int(body.get("limit", 10)))
    for result in results:
        result["title"] = _text(h, result["title"])
    _send_json(h, {"query": body["query"], "results": results}, None)


def _scrape(h: _Handler, raw: bytes) -> None:
    if not _admitted(h):
        return
    body = _json_body(h, raw, "/augment/scrape")
    if body is None:
        return
    url = str(body["url"])
    if not url.startswith(("http://", "https://")):
        h._error((400, {}, {"error": "Invalid URL"}))
        return
    _send_json(h, {"url": url, "content": _text(h, media_data.scraped(url)),
                   "format": "markdown"}, None)
