"""`openclaw infer audio transcribe`: speech to text on Venice (``media/speech.py``)."""

from __future__ import annotations

from typing import Annotated

import typer

from openclaw_venice_cli.commands.context import AgentFlag, JsonFlag, family, get_env

app = family(
    "Audio transcription on Venice.\n\n"
    "Examples:\n\n"
    "\b\n"
    "  openclaw infer audio transcribe --file memo.wav\n"
    "  openclaw infer audio transcribe --file memo.m4a --language en --json"
)


@app.command("transcribe")
def transcribe_command(
    ctx: typer.Context,
    file: Annotated[str, typer.Option(
        "--file", metavar="<path>",
        help="Audio file: WAV, FLAC, M4A, AAC, MP4, MP3, OGG or WEBM.")],
    language: Annotated[str | None, typer.Option(
        "--language", metavar="<code>", help="ISO 639-1 language hint, e.g. en.")] = None,
    prompt: Annotated[str | None, typer.Option(
        "--prompt", metavar="<text>", help="Accepted for OpenClaw; Venice ignores it.")
    ] = None,
    model: Annotated[str | None, typer.Option(
        "--model", metavar="<provider/model>",
        help="Transcription model (default: agents.defaults.voiceModel when it is one, "
             "else Venice's).")] = None,
    timestamps: Annotated[bool, typer.Option(
        "--timestamps", help="Ask for timestamps (in the --json output).")] = False,
    json_: JsonFlag = False,
    agent: AgentFlag = None,
) -> None:
    """Transcribe one audio file; the text goes to stdout.

    Examples:

    \b
      openclaw infer audio transcribe --file memo.wav
      openclaw infer audio transcribe --file call.mp3 --model venice/openai/whisper-large-v3 --json
    """
    from openclaw_venice_cli.media.speech import transcribe

    del agent
    transcribe(get_env(ctx), file=file, language=language, prompt=prompt, model=model,
               timestamps=timestamps, json_=json_)


def register(root: typer.Typer) -> None:
    """Add the `audio` family to the infer group."""
    root.add_typer(app, name="audio")
