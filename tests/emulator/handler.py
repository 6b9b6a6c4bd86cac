"""The HTTP side of the emulator: routing, auth, headers, JSON answers and SSE writes."""

from __future__ import annotations

import copy
import json
import socket
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from tests.emulator import bodies, hostile, media, scenarios, validation
from tests.emulator.models_data import VALID_TYPES

if TYPE_CHECKING:
    from tests.emulator.server import VeniceEmulator

PREFIX = "/api/v1"
CF_RAY = "988d6fc23956b871-GRU"


@dataclass
class RecordedRequest:
    """One request as the emulator saw it (headers lower-cased)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    body: bytes = field(default=b"", repr=False)


def make_handler(emu: VeniceEmulator) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        emulator = emu

    return Handler


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "cloudflare"
    sys_version = ""
    emulator: VeniceEmulator

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    # -- plumbing ---------------------------------------------------------------------
    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        if isinstance(body, (bytes, str)):
            data = body.encode() if isinstance(body, str) else body
            ctype = "text/plain; charset=utf-8"
        else:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            ctype = "application/json; charset=utf-8"
        extra = dict(headers or {})
        self.send_response(status)
        lowered = {k.lower() for k in extra}
        if "content-type" not in lowered:
            self.send_header("Content-Type", ctype)
        for key, value in extra.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _common_headers(self, model: str | None = None) -> dict[str, str]:
        _, opts = self.emulator.scenario
        headers = {
            "cf-ray": str(opts.get("cf_ray", CF_RAY)), "x-venice-version": "20250828.222653",
            "x-ratelimit-limit-requests": "75", "x-ratelimit-remaining-requests": "74",
            "x-ratelimit-reset-requests": "1759504980000",
            "x-ratelimit-limit-tokens": "750000", "x-ratelimit-remaining-tokens": "750000",
            "x-ratelimit-reset-tokens": "1759504980000", "x-venice-balance-usd": "50.50",
            "x-venice-balance-diem": "79.90338836",
        }
        if opts.get("no_diem_header"):
            del headers["x-venice-balance-diem"]
        row = next((m for m in self.emulator.models if m.get("id") == model), {})
        if model is not None:
            headers["x-venice-model-id"] = model
            headers["x-venice-model-name"] = str((row.get("model_spec") or {}).get("name", model))
        deprecation = (row.get("model_spec") or {}).get("deprecation")
        if opts.get("deprecation_warning") or isinstance(deprecation, dict):
            date = (deprecation or {}).get("date", "2026-09-24T00:00:00.000Z")
            headers["x-venice-model-deprecation-warning"] = str(opts.get(
                "deprecation_warning", f"This model is deprecated and will be removed on "
                f"{date[:10]}."))
            headers["x-venice-model-deprecation-date"] = date
            replacement = opts.get("replacement", (deprecation or {}).get(
                "replacementModelId"))
            if replacement:
                headers["x-venice-deprecated-replacement"] = str(replacement)
        if opts.get("hostile"):
            for name in ("cf-ray", "x-venice-balance-usd", "x-venice-balance-diem",
                         "x-venice-model-name", "x-venice-model-deprecation-warning"):
                headers[name] = hostile.header(headers.get(name, "1"))
        return headers

    def _error(self, answer: bodies.ErrorAnswer) -> None:
        status, headers, body = answer
        if isinstance(body, str) and bodies.ECHO_KEY in body:  # a server quoting the key
            key = (self.headers.get("Authorization") or "").partition(" ")[2]
            body = body.replace(bodies.ECHO_KEY, key)
        if self.emulator.scenario[1].get("hostile"):
            headers = {**headers, "cf-ray": hostile.header(CF_RAY)}
            if isinstance(body, dict) and isinstance(body.get("error"), str):
                body = {**body, "error": hostile.text(body["error"])}
        self._send(status, body, {"cf-ray": CF_RAY, **headers})

    def _authorized(self) -> bool:
        auth = self.headers.get("Authorization")
        url = self.emulator.root_url + self.path
        if not auth:
            self._error(bodies.named_error("402_no_credentials_abbrev", url=url))
            return False
        scheme, _, key = auth.partition(" ")
        if scheme.lower() != "bearer" or key.strip() not in self.emulator.keys:
            self._error(bodies.named_error("401_invalid_key"))
            return False
        return True

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        raw = self._read_body()
        if path.startswith("/__emulator"):
            self._control(path, raw)
            return
        parsed: Any = None
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        self.emulator._record(RecordedRequest(
            self.command, path, query, {k.lower(): v for k, v in self.headers.items()},
            parsed, raw))
        routes = {
            ("GET", PREFIX + "/models"): self._models,
            ("GET", PREFIX + "/models/traits"): self._traits,
            ("GET", PREFIX + "/models/compatibility_mapping"): self._compatibility,
            ("GET", PREFIX + "/api_keys/rate_limits"): self._rate_limits,
            ("GET", PREFIX + "/billing/balance"): self._billing_balance,
            ("POST", PREFIX + "/chat/completions"): self._chat,
            **media.routes(self, PREFIX),
        }
        command = "GET" if self.command == "HEAD" else self.command
        handler = routes.get((command, path))
        if handler is not None:
            handler(query, raw)
        elif any(route_path == path for _, route_path in routes):
            self._send(405, {"error": "Method not allowed"}, {"cf-ray": CF_RAY})
        else:
            self._send(404, {"error": "Not found"}, {"cf-ray": CF_RAY})

    # -- control endpoints --------------------------------------------------------------
    def _control(self, path: str, raw: bytes) -> None:
        emu = self.emulator
        try:
            if path == "/__emulator/scenario" and self.command == "POST":
                data = json.loads(raw or b"{}")
                emu.set_scenario(data.get("name", "plain"), **(data.get("options") or {}))
                self._send(200, {"ok": True, "scenario": data.get("name", "plain")})
            elif path == "/__emulator/reset" and self.command == "POST":
                emu.reset()
                self._send(200, {"ok": True})
            elif path == "/__emulator/requests":
                rows = [{k: v for k, v in asdict(r).items() if k != "body"}
                        for r in list(emu.requests)]
                self._send(200, {"requests": rows})
            elif path == "/__emulator/health":
                self._send(200, {"ok": True, "base_url": emu.base_url})
            else:
                self._send(404, {"error": "Unknown emulator control endpoint"})
        except (ValueError, TypeError) as exc:
            self._send(400, {"error": str(exc)})

    def _hostile(self, endpoint: str, raw: bytes = b"") -> bool:
        """Answer with the "hostile" scenario when it targets ``endpoint``."""
        name, opts = self.emulator.scenario
        if name != "hostile" or opts.get("on", "chat") != endpoint:
            return False
        streaming = False
        if raw:
            try:
                streaming = json.loads(raw).get("stream") is True
            except (ValueError, AttributeError):
                streaming = False
        hostile.answer(self, opts, streaming=streaming)
        return True

    # -- API routes ---------------------------------------------------------------------
    def _models(self, query: dict[str, str], raw: bytes) -> None:
        if self._hostile("models"):
            return
        forced = self.emulator._forced_error("models", self.emulator.root_url + self.path)
        if forced:
            self._error(forced)
            return
        _, opts = self.emulator.scenario
        if opts.get("models_auth"):  # an OpenAI-compatible server that guards /models
            auth = self.headers.get("Authorization") or ""
            if auth.partition(" ")[2].strip() not in self.emulator.keys:
                self._send(401, {"detail": "Invalid API key"})
                return
        kind = query.get("type", "text")
        if kind not in VALID_TYPES:
            issue = bodies.enum_issue(["type"], list(VALID_TYPES[:9]), kind)
            self._error((400, {}, bodies.validation_body([issue])))
            return
        offline = _as_set(opts.get("model_offline"))
        rows = copy.deepcopy(self.emulator.models)
        for row in rows:
            if row.get("id") in offline:
                row["model_spec"]["offline"] = True
        if opts.get("hostile"):
            for row in rows:
                row["model_spec"]["name"] = hostile.header(row["model_spec"].get("name", ""))
            evil = copy.deepcopy(rows[0])
            evil["id"] = hostile.header("evil-model")
            rows.append(evil)
        if kind == "code":
            rows = [r for r in rows if r["model_spec"].get("capabilities", {}).get(
                "optimizedForCode")]
        elif kind == "all":
            rows += copy.deepcopy(self.emulator.media_models)
        elif kind != "text":
            rows = [r for r in copy.deepcopy(self.emulator.media_models) if r["type"] == kind]
        self._send(200, {"data": rows, "object": "list", "type": kind},
                   {"cf-ray": CF_RAY, "x-venice-version": "20250828.222653"})

    def _compatibility(self, query: dict[str, str], raw: bytes) -> None:
        """Public like /models; ``type=all`` is refused (measured live, reference §1)."""
        kind = query.get("type", "text")
        if kind not in VALID_TYPES or kind == "all":
            issue = bodies.enum_issue(["type"], list(VALID_TYPES[:9]), kind)
            self._error((400, {}, bodies.validation_body([issue])))
            return
        data = dict(self.emulator.compatibility) if kind in ("text", "code") else {}
        self._send(200, {"data": data, "object": "list", "type": kind}, {"cf-ray": CF_RAY})

    def _traits(self, query: dict[str, str], raw: bytes) -> None:
        traits: dict[str, str] = {}
        for row in self.emulator.models:
            for trait in (row.get("model_spec") or {}).get("traits", []):
                traits.setdefault(trait, str(row["id"]))
        self._send(200, {"data": traits, "object": "list", "type": "text"}, {"cf-ray": CF_RAY})

    def _rate_limits(self, query: dict[str, str], raw: bytes) -> None:
        if self._hostile("rate_limits"):
            return
        if not self._authorized():
            return
        forced = self.emulator._forced_error("rate_limits", self.emulator.root_url + self.path)
        if forced:
            self._error(forced)
            return
        body = copy.deepcopy(bodies.RATE_LIMITS_BODY)
        _, opts = self.emulator.scenario
        body["data"].update(opts.get("rate_limits") or {})
        self._send(200, body, self._common_headers())

    def _billing_balance(self, query: dict[str, str], raw: bytes) -> None:
        if not self._authorized():
            return
        key = self.headers.get("Authorization", "").partition(" ")[2].strip()
        if "ADMIN" not in key.upper():
            self._error(bodies.named_error("401_admin_required"))
            return
        self._send(200, bodies.BILLING_BALANCE_BODY, self._common_headers())

    def _chat(self, query: dict[str, str], raw: bytes) -> None:
        emu = self.emulator
        if self._hostile("chat", raw):
            return
        if not self._authorized():
            return
        forced = emu._forced_error("chat", emu.root_url + self.path)
        if forced:
            self._error(forced)
            return
        ctype = self.headers.get("Content-Type", "")
        if ctype.split(";")[0].strip().lower() != "application/json":
            self._error((400, {}, {"error": "'Content-Type' must be 'application/json'"}))
            return
        try:
            body = json.loads(raw)
        except ValueError:
            self._error((400, {}, {"error": "Invalid JSON request"}))
            return
        problem = validation.check_shape(body) or validation.check_schema(body)
        if problem:
            self._error(problem)
            return
        row, model_id, suffix = validation.find_model(emu.models, body["model"],
                                                      emu.compatibility)
        params = validation.effective_parameters(body, suffix)
        problem = validation.check_parameters(params)
        if problem:
            self._error(problem)
            return
        if row is None:
            self._error((404, {}, {"error": f"Specified model not found: {model_id}"}))
            return
        name, opts = emu.scenario
        if model_id in _as_set(opts.get("model_offline")):
            self._error(bodies.named_error("503_offline"))
            return
        problem = validation.check_capabilities(row, body)
        if problem:
            self._error(problem)
            return
        if name == "http-error":
            name = "plain"
        emu._at_gate(opts)
        cached = emu._cached_tokens(body.get("prompt_cache_key"), scenarios.prompt_tokens(body))
        ctx = scenarios.ChatContext(name, opts, model_id, body, emu._next_serial(), params,
                                    cached)
        if name == "slow-first-byte" and emu._release.wait(float(opts.get("delay", 1.0))):
            self.close_connection = True  # released by reset(): drop the request
            return
        if body.get("stream") is True:
            self._stream(ctx)
        else:
            self._complete(ctx)

    def _complete(self, ctx: scenarios.ChatContext) -> None:
        headers = self._common_headers(ctx.model)
        if ctx.scenario == "inband-error":
            self._error(bodies.named_error("500_inference_failed"))
            return
        if ctx.scenario == "stall":
            self.emulator._release.wait(float(ctx.options.get("seconds", 30.0)))
            self.close_connection = True
            return
        data = json.dumps(scenarios.build_completion(ctx), ensure_ascii=False).encode()
        if ctx.scenario == "truncated":
            self.send_response(200)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.close_connection = True
            return
        self._send(200, json.loads(data), headers)

    def _stream(self, ctx: scenarios.ChatContext) -> None:
        plan = scenarios.build_stream(ctx)
        self.send_response(200)
        for key, value in self._common_headers(ctx.model).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        write = self.wfile.write
        try:
            for data in plan.writes:
                write(b"%x\r\n%b\r\n" % (len(data), data))
            if plan.ending == "stall":
                self.emulator._release.wait(plan.stall_seconds)
            if plan.ending == "end":
                write(b"0\r\n\r\n")
            else:
                self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True


def _as_set(value: Any) -> set[str]:
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {str(v) for v in value}
