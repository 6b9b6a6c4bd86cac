"""Non-text models (`GET /models?type=image|inpaint|upscale|tts|asr|embedding|…`).

`MediaModel` is one row of a typed list: what `models list --type` shows and what the
`infer` commands pick defaults, voices and formats from. Rows come from the live list
(untrusted: a field of the wrong type is dropped, never an exception), from the cache
(``to_dict``/``from_dict``), or from the built-in defaults below. Stdlib only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from openclaw_venice_cli.catalog.mapping import map_rows
from openclaw_venice_cli.catalog.model import clean_text, positive_int, valid_id

# Venice's model types besides "text" (its `type` query values), with a short label.
MEDIA_TYPES: dict[str, str] = {
    "image": "image generation", "inpaint": "image editing", "upscale": "upscaling",
    "tts": "text to speech", "asr": "speech to text", "embedding": "embeddings",
    "music": "music", "video": "video",
}
MODEL_TYPES: tuple[str, ...] = ("text", *MEDIA_TYPES)
_PRIVACY = ("private", "anonymized")


class MediaModel(NamedTuple):
    """One non-text model. ``default``: Venice marks it as the type's default."""

    provider: str
    id: str
    name: str
    type: str
    privacy: str | None
    offline: bool
    deprecated: bool
    default: bool
    voices: tuple[str, ...]
    default_voice: str | None
    formats: tuple[str, ...]
    default_format: str | None
    dimensions: int | None
    aspect_ratios: tuple[str, ...]
    resolutions: tuple[str, ...]
    prompt_limit: int | None

    @property
    def key(self) -> str:
        return f"{self.provider}/{self.id}"


_FIELDS = MediaModel._fields
_TUPLES = ("voices", "formats", "aspect_ratios", "resolutions")
_BOOLS = ("offline", "deprecated", "default")


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _words(value: Any, limit: int = 500) -> tuple[str, ...]:
    """A list of short clean strings (others dropped), at most ``limit`` of them."""
    if not isinstance(value, list):
        return ()
    words = (clean_text(item) for item in value[:limit])
    return tuple(word for word in words if word and len(word) <= 200)


def _map_row(row: Any, kind: str, provider: str) -> MediaModel | None:
    if not isinstance(row, Mapping):
        return None
    model_id = valid_id(row.get("id"))
    if model_id is None or row.get("type") != kind:
        return None
    spec = _dict(row.get("model_spec"))
    constraints = _dict(spec.get("constraints"))
    traits = _words(spec.get("traits"))
    privacy = spec.get("privacy")
    return MediaModel(
        provider=provider, id=model_id, name=clean_text(spec.get("name")) or model_id,
        type=kind, privacy=privacy if privacy in _PRIVACY else None,
        offline=spec.get("offline") is True,
        deprecated=isinstance(spec.get("deprecation"), Mapping),
        default="default" in traits, voices=_words(spec.get("voices")),
        default_voice=clean_text(spec.get("default_voice")),
        formats=_words(spec.get("supported_formats")),
        default_format=clean_text(spec.get("default_format")),
        dimensions=positive_int(spec.get("embeddingDimensions")),
        aspect_ratios=_words(constraints.get("aspectRatios")),
        resolutions=_words(constraints.get("resolutions")),
        prompt_limit=positive_int(constraints.get("promptCharacterLimit")),
    )


def map_media_payload(payload: Any, kind: str, provider: str = "venice") -> list[MediaModel]:
    """Rows of ``kind`` from a ``GET /models?type=kind`` answer; odd rows skipped."""
    return map_rows(payload, lambda row: _map_row(row, kind, provider))


def media_to_dict(model: MediaModel) -> dict[str, Any]:
    """The JSON-ready cache row."""
    row = model._asdict()
    for name in _TUPLES:
        row[name] = list(row[name])
    return row


def media_from_dict(row: Any) -> MediaModel | None:
    """A cached row rebuilt; None when anything is missing or of the wrong type."""
    if not isinstance(row, dict) or any(name not in row for name in _FIELDS):
        return None
    values = {name: row[name] for name in _FIELDS}
    if not (valid_id(values["id"]) and all(isinstance(values[n], str) for n in (
            "provider", "name", "type"))):
        return None
    if not all(isinstance(values[n], bool) for n in _BOOLS):
        return None
    for name in ("privacy", "default_voice", "default_format"):
        if values[name] is not None and not isinstance(values[name], str):
            return None
    for name in ("dimensions", "prompt_limit"):
        if values[name] is not None and positive_int(values[name]) != values[name]:
            return None
    for name in _TUPLES:
        value = values[name]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return None
        values[name] = tuple(value)
    return MediaModel(**values)


def _static(model_id: str, kind: str, name: str, **extra: Any) -> MediaModel:
    values: dict[str, Any] = {
        "provider": "venice", "id": model_id, "name": name, "type": kind,
        "privacy": "private", "offline": False, "deprecated": False, "default": True,
        "voices": (), "default_voice": None, "formats": (), "default_format": None,
        "dimensions": None, "aspect_ratios": (), "resolutions": (), "prompt_limit": None}
    values.update(extra)
    return MediaModel(**values)


KOKORO_VOICES = (
    "af_alloy", "af_aoede", "af_bella", "af_heart", "af_jessica", "af_kore", "af_nicole",
    "af_nova", "af_river", "af_sarah", "af_sky", "am_adam", "am_echo", "am_eric",
    "am_fenrir", "am_liam", "am_michael", "am_onyx", "am_puck", "bf_alice", "bf_emma",
    "bf_isabella", "bf_lily", "bm_daniel", "bm_fable", "bm_george", "bm_lewis",
)
AUDIO_FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")

# Venice's current default per type (its API defaults; used without a cache or network).
STATIC_MEDIA: dict[str, tuple[MediaModel, ...]] = {
    "image": (_static("venice-sd35", "image", "Venice SD35", prompt_limit=1500),),
    "inpaint": (_static("firered-image-edit", "inpaint", "FireRed Image Edit"),),
    "tts": (_static("tts-kokoro", "tts", "Kokoro Text to Speech", voices=KOKORO_VOICES,
                    default_voice="af_sky", formats=AUDIO_FORMATS, default_format="mp3"),),
    "asr": (_static("nvidia/parakeet-tdt-0.6b-v3", "asr", "Parakeet TDT 0.6B v3"),),
    "embedding": (_static("text-embedding-bge-m3", "embedding", "BGE M3", dimensions=1024),),
}


def default_media_model(models: list[MediaModel], kind: str) -> MediaModel:
    """The type's default: the row Venice marks, else the built-in default."""
    marked = [m for m in models if m.type == kind and m.default and not m.offline]
    if marked:
        return marked[0]
    return STATIC_MEDIA[kind][0]


class MediaCatalog:
    """The models of one non-text type and where they came from."""

    __slots__ = ("fetched_at", "kind", "models", "source")

    def __init__(self, kind: str, models: list[MediaModel], source: str,
                 fetched_at: float | None) -> None:
        self.kind = kind
        self.models = models
        self.source = source  # "live" | "cache" | "static"
        self.fetched_at = fetched_at


def find_media_model(models: list[MediaModel], model_id: str) -> MediaModel | None:
    return next((m for m in models if m.id == model_id), None)
