"""The capability ids `infer list` and `infer inspect` describe (OpenClaw's ids, the ones
this CLI runs against Venice). Stdlib only: `infer list` is on a start-up path."""

from __future__ import annotations

from typing import Any, NamedTuple


class Capability(NamedTuple):
    id: str
    description: str
    flags: tuple[str, ...]
    result: str


CAPABILITIES: tuple[Capability, ...] = (
    Capability("model.run", "One prompt, one answer from a chat model.",
               ("--prompt", "--file", "--model", "--thinking", "--json"),
               "the answer's text with provider and model"),
    Capability("model.list", "The chat models of the catalog.", ("--json",),
               "catalog entries"),
    Capability("model.inspect", "One model of any type, from the catalogs.",
               ("--model", "--json"), "one catalog entry"),
    Capability("image.generate", "Images from a prompt (Venice /image/generate).",
               ("--prompt", "--model", "--count", "--size", "--aspect-ratio", "--resolution",
                "--output-format", "--style-preset", "--negative-prompt", "--seed",
                "--cfg-scale", "--steps", "--safe-mode", "--output", "--json"),
               "files written"),
    Capability("image.edit", "One image changed as a prompt says (Venice /image/edit).",
               ("--file", "--prompt", "--model", "--aspect-ratio", "--resolution",
                "--output-format", "--safe-mode", "--output", "--json"), "files written"),
    Capability("image.describe", "What a vision model sees in one image.",
               ("--file", "--prompt", "--model", "--timeout-ms", "--json"),
               "the description's text"),
    Capability("image.upscale", "One image enlarged 2x or 4x (Venice /image/upscale).",
               ("--file", "--scale", "--creativity", "--output", "--json"), "files written"),
    Capability("image.styles", "The style presets image generation accepts.", ("--json",),
               "style names"),
    Capability("audio.transcribe", "The words spoken in one audio file.",
               ("--file", "--language", "--prompt", "--model", "--json"), "the transcript"),
    Capability("tts.convert", "Speech from text, saved as an audio file.",
               ("--text", "--voice", "--model", "--format", "--speed", "--output", "--json"),
               "files written"),
    Capability("tts.voices", "The voices of the speech models.", ("--model", "--json"),
               "voice entries"),
    Capability("embedding.create", "Embedding vectors for one or more texts.",
               ("--text", "--model", "--dimensions", "--json"), "vectors"),
    Capability("web.search", "Web search results (Venice /augment/search).",
               ("--query", "--limit", "--json"), "search results"),
    Capability("web.fetch", "One web page as Markdown (Venice /augment/scrape).",
               ("--url", "--json"), "the page text"),
)


def describe(capability: Capability, *, full: bool = False) -> dict[str, Any]:
    """The JSON form: ``{id, transports, description}`` (``flags``, ``resultShape``)."""
    row: dict[str, Any] = {"id": capability.id, "transports": ["local"],
                           "description": capability.description}
    if full:
        row.update(flags=list(capability.flags), resultShape=capability.result)
    return row


def find(name: str) -> Capability | None:
    return next((c for c in CAPABILITIES if c.id == name.strip().lower()), None)
