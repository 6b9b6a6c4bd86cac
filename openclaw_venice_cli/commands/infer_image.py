"""`openclaw infer image generate | edit | describe | upscale | styles`.

Options and orchestration only: the work is in ``media/images.py`` (files) and
``media/text.py`` (describe). Only typer and the stdlib at module top.
"""

from __future__ import annotations

from typing import Annotated

import typer

from openclaw_venice_cli.commands.context import AgentFlag, JsonFlag, family, get_env

app = family(
    "Image generation, editing, description and upscaling on Venice.\n\n"
    "Files are written whole or not at all: to --output (numbered when there are "
    "several), else to ~/.openclaw/media/generated. Their paths are printed.\n\n"
    "Examples:\n\n"
    "\b\n"
    '  openclaw infer image generate --prompt "a red fox in snow" --output fox.webp\n'
    '  openclaw infer image edit --file fox.webp --prompt "make it night" --output night.png\n'
    "  openclaw infer image describe --file fox.webp\n"
    "  openclaw infer image upscale --file fox.webp --scale 2 --output big.png"
)

Prompt = Annotated[str, typer.Option("--prompt", metavar="<text>",
                                     help="What to draw, or how to change the image.")]
Model = Annotated[str | None, typer.Option(
    "--model", metavar="<provider/model>",
    help="Model override (default: the config's, else Venice's default).")]
Count = Annotated[int | None, typer.Option("--count", metavar="<n>",
                                           help="Number of images (1-4).")]
Size = Annotated[str | None, typer.Option("--size", metavar="<size>",
                                          help="Width x height, e.g. 1024x768.")]
Ratio = Annotated[str | None, typer.Option("--aspect-ratio", metavar="<ratio>",
                                           help="Aspect ratio, e.g. 16:9.")]
Resolution = Annotated[str | None, typer.Option(
    "--resolution", metavar="<value>", help="Resolution tier: 1K, 2K or 4K (some models).")]
Format = Annotated[str | None, typer.Option(
    "--output-format", metavar="<format>",
    help="png, jpeg or webp (default: --output's extension, else Venice's webp).")]
Output = Annotated[str | None, typer.Option(
    "--output", metavar="<path>", help="File to write ('-' for stdout).")]
Timeout = Annotated[int | None, typer.Option(
    "--timeout-ms", metavar="<ms>", help="Request timeout in milliseconds.")]
Json = JsonFlag
SafeMode = Annotated[bool | None, typer.Option(
    "--safe-mode/--no-safe-mode",
    help="Venice's safe mode: blur adult content (Venice's default: on).")]
Background = Annotated[str | None, typer.Option(
    "--background", metavar="<value>", help="Accepted for OpenClaw; Venice ignores it.")]
OpenaiBackground = Annotated[str | None, typer.Option(
    "--openai-background", metavar="<value>", help="Accepted for OpenClaw; ignored.")]
OpenaiModeration = Annotated[str | None, typer.Option(
    "--openai-moderation", metavar="<value>", help="Accepted for OpenClaw; ignored.")]
Quality = Annotated[str | None, typer.Option(
    "--quality", metavar="<value>", help="low, medium, high or auto (some models).")]
Agent = AgentFlag


@app.command("generate")
def generate_command(
    ctx: typer.Context, prompt: Prompt, model: Model = None, count: Count = None,
    size: Size = None, aspect_ratio: Ratio = None, resolution: Resolution = None,
    output_format: Format = None, output: Output = None, timeout_ms: Timeout = None,
    json_: Json = False,
    negative_prompt: Annotated[str | None, typer.Option(
        "--negative-prompt", metavar="<text>", help="What the image must not show.")] = None,
    style_preset: Annotated[str | None, typer.Option(
        "--style-preset", metavar="<name>",
        help="A Venice style, e.g. \"Cinematic\" (see `infer image styles`).")] = None,
    seed: Annotated[int | None, typer.Option(
        "--seed", metavar="<n>", help="Seed for a repeatable image.")] = None,
    cfg_scale: Annotated[float | None, typer.Option(
        "--cfg-scale", metavar="<n>", help="Prompt adherence, above 0 up to 20.")] = None,
    steps: Annotated[int | None, typer.Option(
        "--steps", metavar="<n>", help="Inference steps (models that use them).")] = None,
    safe_mode: SafeMode = None,
    hide_watermark: Annotated[bool, typer.Option(
        "--hide-watermark", help="Ask Venice to leave out its watermark.")] = False,
    enhance_prompt: Annotated[bool, typer.Option(
        "--enhance-prompt", help="Let Venice enrich the prompt first (costs extra).")] = False,
    quality: Quality = None, background: Background = None,
    openai_background: OpenaiBackground = None, openai_moderation: OpenaiModeration = None,
    agent: Agent = None,
) -> None:
    """Generate images from a prompt and save them.

    One image is streamed straight to its file; several (--count 2-4) are numbered:
    cat.png gives cat-1.png, cat-2.png, ...

    Examples:

    \b
      openclaw infer image generate --prompt "a lighthouse at dusk"
      openclaw infer image generate --prompt "a lighthouse" --count 2 --output light.png
      openclaw infer image generate --prompt "a castle" --style-preset Cinematic --seed 42 --json
    """
    from openclaw_venice_cli.media.images import ImageOptions, generate

    del agent
    generate(get_env(ctx), ImageOptions(
        prompt=prompt, model=model, variants=count, size=size, aspect_ratio=aspect_ratio,
        resolution=resolution, output_format=output_format, output=output,
        timeout_ms=timeout_ms, json=json_, negative_prompt=negative_prompt,
        style_preset=style_preset, seed=seed, cfg_scale=cfg_scale, steps=steps,
        safe_mode=safe_mode, hide_watermark=hide_watermark, enhance_prompt=enhance_prompt,
        quality=quality, background=background, openai_background=openai_background,
        openai_moderation=openai_moderation))


@app.command("edit")
def edit_command(
    ctx: typer.Context,
    file: Annotated[list[str], typer.Option(
        "--file", metavar="<path>", help="The image to edit (a file or an http(s) URL).")],
    prompt: Prompt, model: Model = None, count: Count = None, size: Size = None,
    aspect_ratio: Ratio = None, resolution: Resolution = None, output_format: Format = None,
    output: Output = None, timeout_ms: Timeout = None, json_: Json = False,
    safe_mode: SafeMode = None, quality: Quality = None, background: Background = None,
    openai_background: OpenaiBackground = None, openai_moderation: OpenaiModeration = None,
    agent: Agent = None,
) -> None:
    """Edit one image as the prompt says and save the result.

    Examples:

    \b
      openclaw infer image edit --file photo.png --prompt "remove the tree" --output edited.png
      openclaw infer image edit --file photo.png --prompt "make it winter" --aspect-ratio 16:9
    """
    from openclaw_venice_cli.media.images import ImageOptions, edit

    del agent
    edit(get_env(ctx), ImageOptions(
        prompt=prompt, model=model, variants=count, size=size, aspect_ratio=aspect_ratio,
        resolution=resolution, output_format=output_format, output=output,
        timeout_ms=timeout_ms, json=json_, files=tuple(file), safe_mode=safe_mode,
        quality=quality, background=background, openai_background=openai_background,
        openai_moderation=openai_moderation))


@app.command("upscale")
def upscale_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Option("--file", metavar="<path>", help="The image file.")],
    scale: Annotated[float | None, typer.Option(
        "--scale", metavar="<2|4>", help="Enlarge 2x (default) or 4x.")] = None,
    creativity: Annotated[float | None, typer.Option(
        "--creativity", metavar="<n>",
        help="Detail the upscaler may add, 0 to 0.02 (Venice's default 0.01).")] = None,
    output: Output = None, timeout_ms: Timeout = None, json_: Json = False,
) -> None:
    """Enlarge one image 2x or 4x with Venice's upscaler (PNG out).

    Examples:

    \b
      openclaw infer image upscale --file photo.png --output photo-2x.png
      openclaw infer image upscale --file photo.png --scale 4 --json
    """
    from openclaw_venice_cli.media.images import ImageOptions, upscale

    upscale(get_env(ctx), ImageOptions(files=(file,), scale=scale, creativity=creativity,
                                       output=output, timeout_ms=timeout_ms, json=json_))


@app.command("describe")
def describe_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Option(
        "--file", metavar="<path>", help="The image (a file or an http(s) URL).")],
    prompt: Annotated[str | None, typer.Option(
        "--prompt", metavar="<text>", help="What to ask about it (default: describe it).")
    ] = None,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="<provider/model>",
        help="A vision model (default: agents.defaults.imageModel).")] = None,
    timeout_ms: Timeout = None, json_: Json = False, agent: Agent = None,
) -> None:
    """Describe one image with a vision model (a one-shot chat turn).

    Examples:

    \b
      openclaw infer image describe --file photo.png
      openclaw infer image describe --file receipt.jpg --prompt "Total and date?" --json
    """
    from openclaw_venice_cli.media.text import describe_image

    del agent
    describe_image(get_env(ctx), file=file, prompt=prompt, model=model,
                   timeout_ms=timeout_ms, json_=json_)


@app.command("styles")
def styles_command(ctx: typer.Context, json_: Json = False) -> None:
    """List the style presets Venice accepts for --style-preset.

    Examples:

    \b
      openclaw infer image styles
    """
    from openclaw_venice_cli.media.web import list_styles

    list_styles(get_env(ctx), json_=json_)


def register(root: typer.Typer) -> None:
    """Add the `image` family to the infer group."""
    root.add_typer(app, name="image")
