"""`infer image generate | edit | upscale`: Venice's image endpoints, results on disk.

One image is asked for as raw bytes (``return_binary``) and streamed into its file;
several come as base64 in one JSON answer (Venice's ``variants``, at most 4). Edits and
upscales upload the input as multipart (or pass an http(s) URL in JSON, for edits) and
get raw bytes back. Every file goes through ``media/output.py`` (whole or not at all),
every answer is size-capped. Flags OpenClaw has but Venice lacks (``--background``, …)
are reported as ``ignoredOverrides``.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from openclaw_venice_cli.chat.request import sniff_image_type
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import ApiError, ExitStatus, ServerError, UsageError
from openclaw_venice_cli.media import envelope, output
from openclaw_venice_cli.media.inputs import is_url, read_image
from openclaw_venice_cli.media.models import Target, choose, client_for, venice_target

if TYPE_CHECKING:
    from openclaw_venice_cli.client.reply import Reply

MAX_IMAGE = 64 * 1000 * 1000  # bytes per image we accept from the server
MAX_VARIANTS = 4
MAX_SIDE = 1280  # Venice's width/height maximum
FORMATS = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "webp": "image/webp"}
EDIT_RATIOS = ("auto", "1:1", "3:2", "16:9", "21:9", "9:16", "2:3", "3:4", "4:5")
QUALITIES = ("low", "medium", "high")
_SIZE = re.compile(r"^\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*$")


class ContentFlagged(ApiError):
    """Venice flagged a generated image as a content violation (the file is kept)."""

    exit_status = ExitStatus.CONTENT_FILTERED


class ImageOptions(NamedTuple):
    """Everything `infer image generate|edit|upscale` can be asked for."""

    prompt: str = ""
    model: str | None = None
    variants: int | None = None  # --count
    size: str | None = None
    aspect_ratio: str | None = None
    resolution: str | None = None
    output_format: str | None = None
    output: str | None = None
    timeout_ms: int | None = None
    json: bool = False
    files: tuple[str, ...] = ()
    negative_prompt: str | None = None
    style_preset: str | None = None
    seed: int | None = None
    cfg_scale: float | None = None
    steps: int | None = None
    safe_mode: bool | None = None
    hide_watermark: bool = False
    enhance_prompt: bool = False
    quality: str | None = None
    background: str | None = None
    openai_background: str | None = None
    openai_moderation: str | None = None
    scale: float | None = None
    creativity: float | None = None


def image_format(opts: ImageOptions) -> str | None:
    """``--output-format``, else the ``--output`` file's extension, as Venice spells it."""
    given = opts.output_format
    if given is None and opts.output not in (None, output.STDOUT):
        suffix = opts.output.rsplit(".", 1)[-1].lower() if "." in opts.output else ""
        given = suffix if suffix in FORMATS else None
    if given is None:
        return None
    value = given.strip().lower()
    if value not in FORMATS:
        raise UsageError("--output-format must be png, jpeg or webp.")
    return "jpeg" if value == "jpg" else value


def _prompt(opts: ImageOptions, limit: int) -> str:
    if not opts.prompt.strip():
        raise UsageError("--prompt cannot be empty.")
    if len(opts.prompt) > limit:
        raise UsageError(f"--prompt is longer than Venice's {limit} characters.")
    return opts.prompt


def _count(opts: ImageOptions) -> int:
    count = 1 if opts.variants is None else opts.variants
    if not 1 <= count <= MAX_VARIANTS:
        raise UsageError(f"--count must be between 1 and {MAX_VARIANTS} (Venice's limit per "
                         "request).")
    return count


def _size(text: str) -> tuple[int, int]:
    match = _SIZE.match(text)
    width, height = (int(match.group(1)), int(match.group(2))) if match else (0, 0)
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise UsageError(f'--size must be WIDTHxHEIGHT, each 1-{MAX_SIDE} (got "{text}").')
    return width, height


def _quality(opts: ImageOptions) -> str | None:
    value = (opts.quality or "").strip().lower()
    if value in ("", "auto"):
        return None
    if value not in QUALITIES:
        raise UsageError("--quality must be low, medium, high or auto (Venice's levels).")
    return value


def _check_ranges(opts: ImageOptions) -> None:
    if opts.seed is not None and not -999_999_999 <= opts.seed <= 999_999_999:
        raise UsageError("--seed must be between -999999999 and 999999999.")
    if opts.cfg_scale is not None and not 0 < opts.cfg_scale <= 20:
        raise UsageError("--cfg-scale must be above 0 and at most 20.")
    if opts.steps is not None and opts.steps < 1:
        raise UsageError("--steps must be at least 1.")


def generate_body(model_id: str, opts: ImageOptions) -> dict[str, Any]:
    """The ``/image/generate`` body (checked first: a bad flag sends nothing)."""
    _check_ranges(opts)
    count = _count(opts)
    body: dict[str, Any] = {"model": model_id, "prompt": _prompt(opts, 7500)}
    if opts.size:
        body["width"], body["height"] = _size(opts.size)
    optional = {
        "aspect_ratio": opts.aspect_ratio, "resolution": opts.resolution,
        "format": image_format(opts), "negative_prompt": opts.negative_prompt,
        "style_preset": opts.style_preset, "seed": opts.seed, "cfg_scale": opts.cfg_scale,
        "steps": opts.steps, "safe_mode": opts.safe_mode, "quality": _quality(opts),
        "hide_watermark": opts.hide_watermark or None,
        "enhance_prompt": opts.enhance_prompt or None,
    }
    body.update({k: v for k, v in optional.items() if v is not None})
    if count > 1:
        body["variants"] = count
    else:
        body["return_binary"] = True
    return body


def edit_fields(opts: ImageOptions) -> dict[str, Any]:
    """The ``/image/edit`` fields besides the image and the model."""
    if len(opts.files) != 1:
        raise UsageError("infer image edit takes exactly one --file (Venice edits one image "
                         "per request).")
    if _count(opts) != 1:
        raise UsageError("Venice's image edit returns one image; --count must be 1.")
    ratio = opts.aspect_ratio
    if ratio is not None and ratio not in EDIT_RATIOS:
        raise UsageError("--aspect-ratio for edits must be one of " + ", ".join(EDIT_RATIOS)
                         + ".")
    fields = {"prompt": _prompt(opts, 32768), "aspect_ratio": ratio,
              "resolution": opts.resolution, "output_format": image_format(opts),
              "safe_mode": opts.safe_mode}
    return {k: v for k, v in fields.items() if v is not None}


def _ignored(opts: ImageOptions, *names: str) -> list[dict[str, Any]]:
    return envelope.ignored_overrides({name: getattr(opts, name) for name in names})


def _form(fields: dict[str, Any]) -> dict[str, str]:
    """Multipart text fields: booleans as ``true``/``false``, numbers as written."""
    return {k: ("true" if v else "false") if isinstance(v, bool) else str(v)
            for k, v in fields.items()}


def _decoded(item: Any, cf_ray: str | None) -> bytes:
    text = item.split(",", 1)[1] if isinstance(item, str) and item.startswith("data:") else item
    try:
        data = base64.b64decode(text, validate=True) if isinstance(text, str) else b""
    except (binascii.Error, ValueError):
        data = b""
    if not data:
        raise ServerError("The server sent an image that is not valid base64",
                          cf_ray=cf_ray)
    return data


def _save(env: Environment, reply: Reply, opts: ImageOptions, count: int,
          requested: str | None) -> list[output.Written]:
    """Write the image(s) of ``reply``: raw bytes streamed, or base64 in JSON."""
    if reply.content_type.startswith("image/"):
        return [output.save_reply(env, reply.chunks(MAX_IMAGE), opts.output,
                                  reply.content_type)]
    answer = reply.json_object(count * (MAX_IMAGE * 4 // 3) + 1_000_000)
    images = answer.get("images")
    if not isinstance(images, list) or not images:
        raise ServerError("The server's answer holds no images", cf_ray=reply.cf_ray)
    blobs = [_decoded(item, reply.cf_ray) for item in images[:MAX_VARIANTS]]
    fallback = FORMATS.get(requested or "webp", "image/webp")
    mimes = [sniff_image_type(blob) or fallback for blob in blobs]
    return output.write_all(env, opts.output, blobs, mimes)


def _finish(env: Environment, capability: str, target: Target, reply: Reply,
            written: list[output.Written], opts: ImageOptions,
            ignored: list[dict[str, Any]]) -> None:
    """Print the result, then raise if Venice flagged the content (files are kept)."""
    headers = reply.headers
    envelope.header_note(env, headers)
    envelope.note_ignored(env, ignored)
    outputs = [{"path": w.path, "mimeType": w.mime_type, "size": w.size} for w in written]
    if opts.json:
        envelope.emit_json(env, envelope.envelope(
            capability, provider=target.provider.name,
            model=target.ref.model_id if target.ref.model_id else None,
            outputs=outputs, ignored=ignored))
    else:
        envelope.emit_lines(env, [w.path for w in written if w.path != output.STDOUT])
    if headers.get("x-venice-is-blurred", "").lower() == "true":
        env.note("Note: safe mode blurred the image (adult content); --no-safe-mode turns "
                 "it off.")
    if headers.get("x-venice-is-content-violation", "").lower() == "true":
        raise ContentFlagged("Venice flagged the image as a content violation; the file "
                             "may be a placeholder", status=reply.status, cf_ray=reply.cf_ray)



def _run(env: Environment, capability: str, kind: str, opts: ImageOptions) -> None:
    from openclaw_venice_cli.config.loader import load_config
    from openclaw_venice_cli.rendering.progress import progress

    requested = image_format(opts)
    if capability == "image.upscale":
        fields: dict[str, Any] = {k: v for k, v in (("scale", opts.scale),
                                                   ("creativity", opts.creativity))
                                  if v is not None}
        if opts.scale is not None and opts.scale not in (2, 4):
            raise UsageError("--scale must be 2 or 4.")
        if opts.creativity is not None and not 0 <= opts.creativity <= 0.02:
            raise UsageError("--creativity must be between 0 and 0.02.")
        ignored = _ignored(opts, "size", "aspect_ratio", "resolution", "output_format")
    elif capability == "image.edit":
        fields = edit_fields(opts)
        ignored = _ignored(opts, "size", "background", "quality", "openai_background",
                           "openai_moderation")
    else:
        generate_body("-", opts)  # every usage error before the config is read
        fields = {}
        ignored = _ignored(opts, "background", "openai_background", "openai_moderation")
    upload = None
    if opts.files and not is_url(opts.files[0]):
        upload = read_image(env, opts.files[0])
    config = load_config(env)
    if capability == "image.upscale":
        target = venice_target(config, opts.timeout_ms)
    else:
        target = choose(env, config, kind, opts.model, timeout_ms=opts.timeout_ms)
    label = {"image.generate": "Generating image…", "image.edit": "Editing image…"}.get(
        capability, "Upscaling image…")
    with client_for(env, target) as client, progress(env, label):
        if capability == "image.generate":
            body = generate_body(target.ref.model_id, opts)
            reply = client.post("/image/generate", json_body=body, timeout=target.timeout)
        else:
            if capability == "image.edit":
                fields["model"] = target.ref.model_id
            if upload is None:
                reply = client.post(f"/image/{capability.split('.')[1]}",
                                    json_body={**fields, "image": opts.files[0]},
                                    timeout=target.timeout)
            else:
                reply = client.post(f"/image/{capability.split('.')[1]}", form=_form(fields),
                                    files={"image": (upload.name, upload.data,
                                                     upload.mime_type)},
                                    timeout=target.timeout)
        with reply:
            written = _save(env, reply, opts, _count(opts), requested)
    _finish(env, capability, target, reply, written, opts, ignored)


def generate(env: Environment, opts: ImageOptions) -> None:
    """``infer image generate``."""
    _run(env, "image.generate", "image", opts)


def edit(env: Environment, opts: ImageOptions) -> None:
    """``infer image edit`` (one input image: a file, or an http(s) URL)."""
    _run(env, "image.edit", "inpaint", opts)


def upscale(env: Environment, opts: ImageOptions) -> None:
    """``infer image upscale`` (Venice's upscaler: 2x or 4x)."""
    if len(opts.files) != 1 or is_url(opts.files[0]):
        raise UsageError("infer image upscale takes exactly one local --file.")
    _run(env, "image.upscale", "upscale", opts)
