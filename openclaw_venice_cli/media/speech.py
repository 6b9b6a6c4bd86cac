"""`infer tts convert | voices` and `infer audio transcribe` (Venice's /audio endpoints).

Speech streams into its file (``media/output.py``: whole or not at all, size-capped);
the voice and format are checked against the model's list when the list came from Venice
(cache or live), so a typo costs no failed request. Transcription uploads the file as
multipart and prints the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from openclaw_venice_cli.config import schema
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ServerError, UsageError
from openclaw_venice_cli.media import envelope, output
from openclaw_venice_cli.media.inputs import read_audio
from openclaw_venice_cli.media.models import Target, choose, client_for

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.media import MediaModel
    from openclaw_venice_cli.config.loader import Config

MAX_AUDIO = 200 * 1000 * 1000
MAX_TRANSCRIPT = 16 * 1000 * 1000
MAX_TEXT = 4096
AUDIO_FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")


class SpeechOptions(NamedTuple):
    text: str
    voice: str | None = None
    model: str | None = None
    output: str | None = None
    audio_format: str | None = None
    speed: float | None = None
    language: str | None = None
    style: str | None = None  # Venice's `prompt`: delivery instructions (some models)
    json: bool = False



def _check_provider(provider: str | None) -> None:
    if provider is not None and provider.strip().lower() != "venice":
        raise UsageError(f'Speech runs on Venice here; --provider "{provider}" is not '
                         "available (use venice or leave it out).")


def _known(env: Environment, config: Config, kind: str,
           target: Target) -> tuple[MediaModel | None, bool]:
    """The target's row in the cached (or built-in) list, and whether Venice sent it."""
    from openclaw_venice_cli.catalog.loader import load_media_models
    from openclaw_venice_cli.catalog.media import find_media_model

    if target.provider.name != "venice":
        return None, False
    catalog = load_media_models(env, config, kind, network=False)
    return find_media_model(catalog.models, target.ref.model_id), catalog.source != "static"


def _audio_format(opts: SpeechOptions) -> str | None:
    value = opts.audio_format
    if value is None and opts.output not in (None, output.STDOUT) and "." in opts.output:
        suffix = opts.output.rsplit(".", 1)[1].lower()
        value = suffix if suffix in AUDIO_FORMATS else None
    if value is None:
        return None
    value = value.strip().lower()
    if value not in AUDIO_FORMATS:
        raise UsageError("--format must be one of " + ", ".join(AUDIO_FORMATS) + ".")
    return value


def speech_body(opts: SpeechOptions, model_id: str, voice: str | None) -> dict[str, Any]:
    """The ``/audio/speech`` body (checked: a bad flag sends nothing)."""
    if not opts.text.strip():
        raise UsageError("--text cannot be empty.")
    if len(opts.text) > MAX_TEXT:
        raise UsageError(f"--text is longer than Venice's {MAX_TEXT} characters.")
    if opts.speed is not None and not 0.25 <= opts.speed <= 4:
        raise UsageError("--speed must be between 0.25 and 4.")
    body: dict[str, Any] = {"model": model_id, "input": opts.text}
    optional = {"voice": voice, "response_format": _audio_format(opts), "speed": opts.speed,
                "language": opts.language, "prompt": opts.style}
    body.update({k: v for k, v in optional.items() if v is not None})
    return body


def _check_voice(model: MediaModel | None, from_venice: bool, voice: str | None,
                 audio_format: str | None) -> None:
    if model is None:
        return
    if (voice is not None and from_venice and model.voices and voice not in model.voices
            and not voice.startswith("vv_")):
        raise UsageError(f'{model.key} has no voice "{voice}"; see `openclaw infer tts '
                         f"voices --model {model.key}`.")
    if audio_format is not None and model.formats and audio_format not in model.formats:
        raise UsageError(f"{model.key} does not speak {audio_format}; it offers "
                         + ", ".join(model.formats) + ".")


def convert(env: Environment, opts: SpeechOptions, *, provider: str | None = None) -> None:
    """``infer tts convert``: speech saved to a file (or ``-`` for stdout)."""
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.rendering.progress import progress

    _check_provider(provider)
    speech_body(opts, "-", opts.voice)  # usage errors first
    config = load_config(env)
    target = choose(env, config, "tts", opts.model)
    model, from_venice = _known(env, config, "tts", target)
    voice = opts.voice or schema.text_at(config.data, schema.TTS_VOICE)
    _check_voice(model, from_venice, voice, _audio_format(opts))
    body = speech_body(opts, target.ref.model_id, voice)
    with client_for(env, target) as client, progress(env, "Speaking…"), client.post(
            "/audio/speech", json_body=body, accept="audio/*",
            timeout=target.timeout) as reply:
        if not reply.content_type.startswith("audio/"):
            raise ServerError(f"The server sent {reply.content_type or 'no type'} "
                              "instead of audio", cf_ray=reply.cf_ray)
        written = output.save_reply(env, reply.chunks(MAX_AUDIO), opts.output,
                                    reply.content_type)
    envelope.header_note(env, reply.headers)
    used_voice = voice or (model.default_voice if model else None)
    if opts.json:
        envelope.emit_json(env, envelope.envelope(
            "tts.convert", provider=target.provider.name, model=target.ref.model_id,
            outputs=[{"path": written.path, "mimeType": written.mime_type,
                      "size": written.size, "format": body.get("response_format") or (
                          output.extension_for(written.mime_type).lstrip(".")),
                      "voice": used_voice}]))
    elif written.path != output.STDOUT:
        envelope.emit_lines(env, [written.path])


def voices(env: Environment, *, model: str | None, provider: str | None,
           json_: bool) -> None:
    """``infer tts voices``: every voice of Venice's speech models (or of ``--model``)."""
    from openclaw_venice_cli.catalog.loader import load_media_models
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.media.models import model_ref

    _check_provider(provider)
    config = load_config(env)
    models = load_media_models(env, config, "tts").models
    if model is not None:
        wanted = model_ref(config, model, venice_ids=True).model_id
        models = [m for m in models if m.id == wanted]
        if not models:
            raise UsageError(f'"{model}" is not one of Venice\'s speech models; see '
                             "`openclaw models list --type tts`.")
    pairs = [(voice, m) for m in models for voice in m.voices]
    if json_:
        envelope.emit_json(env, [{"id": voice, "name": voice, "model": m.key,
                                  "default": voice == m.default_voice} for voice, m in pairs])
        return
    width = max((len(voice) for voice, _ in pairs), default=0)
    envelope.emit_lines(env, [f"{voice:<{width}}  {m.key}"
                              + ("  default" if voice == m.default_voice else "")
                              for voice, m in pairs])


def transcribe(env: Environment, *, file: str, language: str | None, prompt: str | None,
               model: str | None, timestamps: bool, json_: bool) -> None:
    """``infer audio transcribe``: the words spoken in one file."""
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.rendering.progress import progress

    upload = read_audio(env, file)
    config = load_config(env)
    target = choose(env, config, "asr", model)
    fields = {"model": target.ref.model_id, "response_format": "json"}
    if language:
        fields["language"] = language.strip()
    if timestamps:
        fields["timestamps"] = "true"
    ignored = envelope.ignored_overrides({"prompt": prompt})
    with client_for(env, target) as client, progress(env, "Transcribing…"), client.post(
            "/audio/transcriptions", form=fields, timeout=target.timeout,
            files={"file": (upload.name, upload.data, upload.mime_type)}) as reply:
        answer = reply.json_object(MAX_TRANSCRIPT)
    text = envelope.text_of(answer, "text", "transcript", reply.cf_ray)
    envelope.note_ignored(env, ignored)
    if json_:
        result: dict[str, Any] = {"path": str(upload.path), "text": text,
                                  "kind": "audio.transcription"}
        for key in ("duration", "timestamps"):
            if key in answer:
                result[key] = answer[key]
        envelope.emit_json(env, envelope.envelope(
            "audio.transcribe", provider=target.provider.name, model=target.ref.model_id,
            outputs=[result], ignored=ignored))
    else:
        envelope.emit_text(env, text)
