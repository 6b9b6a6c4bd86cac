"""The emulator's non-text models (image, edit, upscale, tts, asr, embedding) and the
deterministic bytes it answers with (images, audio, vectors, transcripts, search results).

Rows follow the OpenAPI ``ModelResponse`` shape; constraints and voices are the kind the
real list carries. Generated media are a few kilobytes of bytes derived from the request
(SHA-256 stream) behind the format's real magic bytes, so files a client writes can be
compared byte for byte with what was sent.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import struct
import zlib
from typing import Any

_CREATED = 1742262554


def _row(model_id: str, kind: str, name: str, spec: dict[str, Any], *,
         privacy: str = "private", traits: list[str] | None = None) -> dict[str, Any]:
    return {"created": _CREATED, "id": model_id, "model_spec": {
        "name": name, "offline": False, "privacy": privacy, "traits": traits or [], **spec},
        "object": "model", "owned_by": "venice.ai", "type": kind}


def _image_constraints(ratios: list[str] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"promptCharacterLimit": 1500, "steps": {"default": 25, "max": 30},
                              "widthHeightDivisor": 16}
    if ratios:
        result.update(aspectRatios=ratios, defaultAspectRatio=ratios[0])
    return result


_GENERATION = {"pricing": {"generation": {"usd": 0.01, "diem": 0.01}}}

MEDIA_MODELS: list[dict[str, Any]] = [
    _row("venice-sd35", "image", "Venice SD35", {
        "constraints": _image_constraints(["1:1", "16:9"]), **_GENERATION},
        traits=["default"]),
    _row("nano-banana-pro", "image", "Nano Banana Pro", {
        "constraints": {**_image_constraints(["1:1", "16:9", "9:16"]),
                        "resolutions": ["1K", "2K", "4K"], "defaultResolution": "1K"},
        **_GENERATION}, privacy="anonymized"),
    _row("firered-image-edit", "inpaint", "FireRed Image Edit", {
        "constraints": _image_constraints(), **_GENERATION}, traits=["default"]),
    _row("qwen-edit-uncensored", "inpaint", "Qwen Edit Uncensored", {
        "constraints": _image_constraints(), **_GENERATION}),
    _row("upscaler", "upscale", "Upscaler", {"pricing": {
        "2x": {"usd": 0.02, "diem": 0.02}, "4x": {"usd": 0.08, "diem": 0.08}}}),
    _row("tts-kokoro", "tts", "Kokoro Text to Speech", {
        "voices": ["af_sky", "af_bella", "am_adam", "bf_emma"], "default_voice": "af_sky",
        "supported_formats": ["mp3", "opus", "aac", "flac", "wav", "pcm"],
        "default_format": "mp3",
        "pricing": {"input": {"usd": 3.5, "diem": 3.5}}}, traits=["default"]),
    _row("tts-qwen3-1-7b", "tts", "Qwen 3 TTS 1.7B", {
        "voices": ["Vivian", "Ryan"], "default_voice": "Vivian",
        "supported_formats": ["mp3", "wav"], "default_format": "wav",
        "pricing": {"input": {"usd": 4, "diem": 4}}}),
    _row("nvidia/parakeet-tdt-0.6b-v3", "asr", "Parakeet TDT 0.6B v3", {
        "pricing": {"per_audio_second": {"usd": 0.0001, "diem": 0.0001}}},
        traits=["default"]),
    _row("openai/whisper-large-v3", "asr", "Whisper Large v3", {
        "pricing": {"per_audio_second": {"usd": 0.0002, "diem": 0.0002}}}),
    _row("text-embedding-bge-m3", "embedding", "BGE M3", {
        "embeddingDimensions": 1024, "maxInputTokens": 8192, "supportsCustomDimensions": False,
        "pricing": {"input": {"usd": 0.15, "diem": 0.15}}}, traits=["default"]),
    _row("text-embedding-qwen3-8b", "embedding", "Qwen3 Embedding 8B", {
        "embeddingDimensions": 4096, "maxInputTokens": 32768, "supportsCustomDimensions": True,
        "pricing": {"input": {"usd": 0.2, "diem": 0.2}}}),
]

STYLES = ["3D Model", "Analog Film", "Anime", "Cinematic", "Comic Book", "Digital Art",
          "Line Art", "Pixel Art"]


def media_models() -> list[dict[str, Any]]:
    """A fresh deep copy of the non-text rows (tests may mutate theirs)."""
    return copy.deepcopy(MEDIA_MODELS)


def stream_bytes(seed: str, size: int) -> bytes:
    """``size`` deterministic bytes from ``seed`` (SHA-256 in counter mode)."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def _png(seed: str, size: int) -> bytes:
    """A real PNG (one grey row per 64 bytes of seed data) followed by nothing else."""
    width = 64
    rows = max(1, size // (width + 1))
    raw = b"".join(b"\x00" + stream_bytes(f"{seed}:{y}", width) for y in range(rows))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, rows, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 0)) + chunk(b"IEND", b""))


def image_bytes(fmt: str, seed: str, size: int = 6000) -> bytes:
    """An image of ``fmt`` (png, jpeg, webp) whose magic bytes a sniffer recognises."""
    body = stream_bytes(seed, size)
    if fmt == "png":
        return _png(seed, size)
    if fmt == "jpeg":
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + body + b"\xff\xd9"
    payload = b"VP8 " + struct.pack("<I", len(body)) + body
    return b"RIFF" + struct.pack("<I", len(payload) + 4) + b"WEBP" + payload


AUDIO_TYPES = {"mp3": "audio/mpeg", "opus": "audio/opus", "aac": "audio/aac",
               "flac": "audio/flac", "wav": "audio/wav", "pcm": "audio/pcm"}


def audio_bytes(fmt: str, seed: str, size: int = 8000) -> bytes:
    """Audio of ``fmt`` behind that format's magic bytes (pcm is headerless)."""
    body = stream_bytes(seed, size)
    magic = {"mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00", "opus": b"OggS\x00\x02",
             "aac": b"\xff\xf1\x50\x80", "flac": b"fLaC\x00\x00\x00\x22",
             "wav": b"RIFF" + struct.pack("<I", size + 36) + b"WAVEfmt ", "pcm": b""}
    return magic[fmt] + body


def embedding(text: str, dimensions: int) -> list[float]:
    """A deterministic unit-ish vector for ``text`` (values in [-1, 1), 6 decimals)."""
    raw = stream_bytes(f"embed:{text}", dimensions * 2)
    return [round(int.from_bytes(raw[i:i + 2], "big") / 32768 - 1, 6)
            for i in range(0, dimensions * 2, 2)]


def embedding_base64(vector: list[float]) -> str:
    """OpenAI's ``encoding_format: base64``: little-endian float32s, base64-encoded."""
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")


def transcript(filename: str, data: bytes, language: str | None) -> str:
    """What the emulator "hears" in an upload: stable, and different per file."""
    digest = hashlib.sha256(data).hexdigest()[:8]
    where = f" ({language})" if language else ""
    return f"Transcript of {filename}{where}: {len(data)} bytes, fingerprint {digest}."


def search_results(query: str, limit: int) -> list[dict[str, str]]:
    return [{"title": f"Result {i + 1} for {query}",
             "url": f"https://example.com/{i + 1}?q={hashlib.sha1(query.encode()).hexdigest()[:6]}",
             "content": f"Snippet {i + 1} about {query}.", "date": f"2026-0{1 + i % 9}-1{i % 10}"}
            for i in range(limit)]


def scraped(url: str) -> str:
    return f"# Page at {url}\n\nThe emulator's scraped text for {url}.\n"
