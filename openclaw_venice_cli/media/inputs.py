"""Files the `infer` commands upload: read whole, size-capped, their type sniffed.

A missing, unreadable or oversized input is a usage error (exit 2) before any request.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from openclaw_venice_cli.chat.request import MAX_IMAGE_BYTES, read_input, sniff_image_type
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import UsageError

MAX_AUDIO_BYTES = 100 * 1000 * 1000
_AUDIO_SUFFIXES = {
    ".wav": "audio/wav", ".wave": "audio/wav", ".flac": "audio/flac", ".m4a": "audio/mp4",
    ".aac": "audio/aac", ".mp4": "audio/mp4", ".mp3": "audio/mpeg", ".ogg": "audio/ogg",
    ".oga": "audio/ogg", ".opus": "audio/ogg", ".webm": "audio/webm",
}


class Upload(NamedTuple):
    """One local file ready to send."""

    path: Path  # absolute
    name: str  # the file name sent in the multipart part
    data: bytes
    mime_type: str


def is_url(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def read_file(env: Environment, spec: str, limit: int, what: str) -> tuple[Path, bytes]:
    """The absolute path and bytes of ``spec`` (at most ``limit`` bytes, not empty)."""
    path = env.expand(spec).resolve()
    return path, read_input(path, spec, limit, what)


def read_image(env: Environment, spec: str) -> Upload:
    """A PNG, JPEG, WebP, GIF, HEIC or AVIF file (by its magic bytes)."""
    path, data = read_file(env, spec, MAX_IMAGE_BYTES, "Image")
    mime = sniff_image_type(data)
    if mime is None:
        raise UsageError(f"{spec} is not a PNG, JPEG, WebP, GIF, HEIC or AVIF image.")
    return Upload(path, path.name, data, mime)


def sniff_audio_type(data: bytes) -> str | None:
    """The MIME type from an audio file's magic bytes, or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:4] == b"fLaC":
        return "audio/flac"
    if data[:4] == b"OggS":
        return "audio/ogg"
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "audio/aac" if data[:2] in (b"\xff\xf1", b"\xff\xf9") else "audio/mpeg"
    if data[4:8] == b"ftyp":
        return "audio/mp4"
    if data[:4] == b"\x1aE\xdf\xa3":
        return "audio/webm"
    return None


def read_audio(env: Environment, spec: str) -> Upload:
    """An audio file Venice transcribes (WAV, FLAC, M4A, AAC, MP4, MP3, OGG, WEBM)."""
    path, data = read_file(env, spec, MAX_AUDIO_BYTES, "Audio file")
    mime = sniff_audio_type(data) or _AUDIO_SUFFIXES.get(path.suffix.lower())
    if mime is None:
        raise UsageError(f"{spec} is not an audio file Venice transcribes (WAV, FLAC, M4A, "
                         "AAC, MP4, MP3, OGG or WEBM).")
    return Upload(path, path.name, data, mime)
