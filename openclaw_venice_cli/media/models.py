"""Which model (and provider, and timeout) an `infer` command uses.

Order: ``--model``; then the command's key in OpenClaw's config (``config/schema.py``:
``agents.defaults.mediaModels.image`` for image generation, ``agents.defaults.imageModel``
for describing images, ``agents.defaults.voiceModel`` for speech and transcription,
``memory.search.model`` for embeddings); then Venice's default for the type (the cached
model list, else the built-in one; no network). Venice ids may contain ``/``
(``nvidia/parakeet-tdt-0.6b-v3``): a ref whose "provider" is not configured is taken as
a whole Venice id. Timeouts: ``--timeout-ms``, else the key's ``timeoutMs``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from openclaw_venice_cli.catalog.ref import ModelRef, parse_model_ref
from openclaw_venice_cli.catalog.resolve import resolve_model_ref
from openclaw_venice_cli.chat.session import provider_for
from openclaw_venice_cli.config import schema
from openclaw_venice_cli.config.loader import Config, ProviderConfig
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import UsageError

if TYPE_CHECKING:
    from openclaw_venice_cli.client.http import ApiClient

VISION_DEFAULT = "venice/qwen3-vl-235b-a22b"  # a private vision model of the seed's list
MAX_TIMEOUT_MS = 86_400_000
MEDIA_KINDS = ("image", "inpaint", "upscale", "tts", "asr", "embedding")

# kind -> the config key naming its default (kinds are Venice's types plus "vision")
SETTINGS: dict[str, schema.Path] = {
    "image": schema.IMAGE_GENERATION_MODEL, "vision": schema.IMAGE_MODEL,
    "tts": schema.VOICE_MODEL, "asr": schema.VOICE_MODEL,
}


class Target(NamedTuple):
    """The model an operation runs on."""

    ref: ModelRef
    provider: ProviderConfig
    timeout: float | None  # seconds; None: the client's default
    source: str  # "--model", the config key, or "Venice's default"


def timeout_seconds(timeout_ms: int | None) -> float | None:
    """``--timeout-ms`` checked (a positive whole number of milliseconds) as seconds."""
    if timeout_ms is None:
        return None
    if not 0 < timeout_ms <= MAX_TIMEOUT_MS:
        raise UsageError("--timeout-ms must be a positive number of milliseconds "
                         "(at most one day).")
    return timeout_ms / 1000


def voice_kind(model_id: str) -> str:
    """Whether a Venice voice model speaks ("tts") or listens ("asr"), from its id:
    speech models are ``tts-…``; transcription models ``stt-…`` or ``vendor/name``."""
    lowered = model_id.lower()
    if lowered.startswith("tts-"):
        return "tts"
    if lowered.startswith("stt-") or "/" in lowered or "whisper" in lowered:
        return "asr"
    return "tts"


def _configured(config: Config, kind: str) -> tuple[str | None, int | None, str]:
    """The config's choice for ``kind``: (model text, timeout ms, dotted key)."""
    if kind == "embedding":
        return schema.text_at(config.data, schema.EMBEDDING_MODEL), None, schema.dotted(
            schema.EMBEDDING_MODEL)
    path = SETTINGS.get(kind)
    if path is None:
        return None, None, ""
    setting = schema.model_setting(config.data, path)
    text = setting.primary
    if text is not None and kind in ("tts", "asr"):
        _, _, model_id = text.rpartition("/") if text.startswith("venice/") else ("", "", text)
        if voice_kind(model_id) != kind:  # voiceModel names the other kind of voice model
            return None, None, ""
    return text, setting.timeout_ms, schema.dotted(path)


def _default(env: Environment, config: Config, kind: str) -> str:
    """Venice's default for ``kind`` (cached list or built-in; never the network)."""
    if kind == "vision":
        return _vision_default(env, config)
    from openclaw_venice_cli.catalog.loader import load_media_models
    from openclaw_venice_cli.catalog.media import default_media_model

    catalog = load_media_models(env, config, kind, network=False)
    return default_media_model(catalog.models, kind).key


def _vision_default(env: Environment, config: Config) -> str:
    """The default chat model when it can see images, else a private vision model."""
    from openclaw_venice_cli.catalog.loader import find_model, load_catalog

    primary = parse_model_ref(config.default_model_ref())
    found = find_model(load_catalog(env, config, network=False), primary.model_id,
                       primary.provider)
    return str(primary) if found is not None and found.vision else VISION_DEFAULT


def model_ref(config: Config, text: str, *, venice_ids: bool) -> ModelRef:
    """``text`` as a ModelRef (aliases resolved); with ``venice_ids``, ``vendor/name``
    under a provider that is not configured is one Venice id
    (``nvidia/parakeet-tdt-0.6b-v3``)."""
    ref = resolve_model_ref(config, text)
    if venice_ids and ref.provider != "venice" and config.provider(ref.provider) is None:
        return ModelRef("venice", text.strip())
    return ref


def choose(env: Environment, config: Config, kind: str, option: str | None, *,
           timeout_ms: int | None = None) -> Target:
    """The model, provider and timeout for an operation on ``kind``."""
    timeout = timeout_seconds(timeout_ms)
    text: str | None = option if option is not None and option.strip() else None
    source = "--model"
    if text is None:
        text, configured_ms, source = _configured(config, kind)
        if timeout is None and configured_ms is not None:
            timeout = configured_ms / 1000
    if text is None:
        text, source = _default(env, config, kind), "Venice's default"
    ref = model_ref(config, text, venice_ids=kind in MEDIA_KINDS)
    return Target(ref, provider_for(config, ref), timeout, source)


def venice_target(config: Config, timeout_ms: int | None) -> Target:
    """Venice itself, for an endpoint that takes no model (the upscaler)."""
    ref = ModelRef("venice", "")
    return Target(ref, provider_for(config, ref), timeout_seconds(timeout_ms), "Venice")


def client_for(env: Environment, target: Target) -> ApiClient:
    """The HTTP client for ``target``'s provider (httpx is imported only now)."""
    from openclaw_venice_cli.client.http import ApiClient

    return ApiClient.for_provider(target.provider, env)


def refuse_gateway(gateway: bool) -> None:
    """OpenClaw's ``--gateway``: there is no gateway here (``--local`` changes nothing)."""
    if gateway:
        raise UsageError("This CLI has no gateway; infer commands always run locally "
                         "(drop --gateway).")
