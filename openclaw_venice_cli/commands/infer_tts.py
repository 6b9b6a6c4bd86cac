"""`openclaw infer tts convert | voices`: speech from text with Venice's voices.

Options and orchestration only (``media/speech.py``). Only typer and the stdlib at top.
"""

from __future__ import annotations

from typing import Annotated

import typer

from openclaw_venice_cli.commands.context import JsonFlag, family, get_env

app = family(
    "Text to speech on Venice.\n\n"
    "Examples:\n\n"
    "\b\n"
    '  openclaw infer tts convert --text "Your build is done" --output done.mp3\n'
    "  openclaw infer tts voices"
)

Json = JsonFlag
Provider = Annotated[str | None, typer.Option(
    "--provider", metavar="<id>", help="Speech provider: venice (the only one here).")]


@app.command("convert")
def convert_command(
    ctx: typer.Context,
    text: Annotated[str, typer.Option("--text", metavar="<text>",
                                      help="What to say (at most 4096 characters).")],
    voice: Annotated[str | None, typer.Option(
        "--voice", metavar="<id>",
        help="Voice (default: tts.providers.venice.voice, else the model's).")] = None,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="<provider/model>",
        help="Speech model (default: agents.defaults.voiceModel, else tts-kokoro).")] = None,
    output: Annotated[str | None, typer.Option(
        "--output", metavar="<path>", help="File to write ('-' for stdout).")] = None,
    audio_format: Annotated[str | None, typer.Option(
        "--format", metavar="<format>",
        help="mp3, opus, aac, flac, wav or pcm (default: --output's extension, else the "
             "model's).")] = None,
    speed: Annotated[float | None, typer.Option(
        "--speed", metavar="<n>", help="0.25 to 4 (1 is normal).")] = None,
    language: Annotated[str | None, typer.Option(
        "--language", metavar="<code>", help="Language hint (models that take one).")] = None,
    style: Annotated[str | None, typer.Option(
        "--style", metavar="<text>",
        help="How to say it, e.g. \"calm and slow\" (models that take a style prompt).")
    ] = None,
    json_: Json = False, provider: Provider = None,
    channel: Annotated[str | None, typer.Option(
        "--channel", metavar="<id>", help="Accepted for OpenClaw compatibility; ignored.")
    ] = None,
    local: Annotated[bool, typer.Option(
        "--local", help="Run locally (always the case here).")] = False,
    gateway: Annotated[bool, typer.Option(
        "--gateway", help="Not available: this CLI has no gateway.")] = False,
) -> None:
    """Convert text to speech and save it; the file's path is printed.

    Examples:

    \b
      openclaw infer tts convert --text "Hello from Venice" --output hello.mp3
      openclaw infer tts convert --text "Bonjour" --voice af_bella --format wav --json
      openclaw infer tts convert --text "Piped" --output - > piped.mp3
    """
    from openclaw_venice_cli.media.models import refuse_gateway
    from openclaw_venice_cli.media.speech import SpeechOptions, convert

    del channel, local
    refuse_gateway(gateway)
    convert(get_env(ctx), SpeechOptions(
        text=text, voice=voice, model=model, output=output, audio_format=audio_format,
        speed=speed, language=language, style=style, json=json_), provider=provider)


@app.command("voices")
def voices_command(
    ctx: typer.Context,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="<provider/model>", help="Only this speech model's voices.")
    ] = None,
    json_: Json = False, provider: Provider = None,
) -> None:
    """List the voices of Venice's speech models (voice, model, default mark).

    Examples:

    \b
      openclaw infer tts voices
      openclaw infer tts voices --model venice/tts-kokoro --json
    """
    from openclaw_venice_cli.media.speech import voices

    voices(get_env(ctx), model=model, provider=provider, json_=json_)


def register(root: typer.Typer) -> None:
    """Add the `tts` family to the infer group."""
    root.add_typer(app, name="tts")
