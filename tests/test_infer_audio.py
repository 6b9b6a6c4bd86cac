"""`infer tts convert | voices` and `infer audio transcribe` against the emulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.emulator import VeniceEmulator
from tests.emulator.media_data import transcript
from tests.helpers import CliRun
from tests.infer_support import WAV, leftovers, only_request, requests_to, run_infer, write_config
from tests.openapi import parse_multipart


def test_speech_is_saved_exactly(cli: CliRun, emulator: VeniceEmulator,
                                 tmp_path: Path) -> None:
    out = tmp_path / "hello.flac"
    result = run_infer(cli, emulator, "tts", "convert", "--text", "Hello there", "--voice",
                       "am_adam", "--speed", "1.25", "--output", str(out), "--json")
    assert result.code == 0, result.output
    assert out.read_bytes() == emulator.sent[-1]
    assert only_request(emulator, "/audio/speech").json == {
        "model": "tts-kokoro", "input": "Hello there", "voice": "am_adam",
        "response_format": "flac", "speed": 1.25}
    assert json.loads(result.stdout) == {
        "ok": True, "capability": "tts.convert", "transport": "local", "provider": "venice",
        "model": "tts-kokoro", "attempts": [],
        "outputs": [{"path": str(out), "mimeType": "audio/flac", "size": out.stat().st_size,
                     "format": "flac", "voice": "am_adam"}]}


def test_defaults_come_from_the_config(cli: CliRun, emulator: VeniceEmulator,
                                       config_path: Path, isolated_home: Path) -> None:
    write_config(config_path, {"agents": {"defaults": {"voiceModel": "venice/tts-qwen3-1-7b"}},
                               "tts": {"providers": {"venice": {"voice": "Ryan"}}}})
    result = run_infer(cli, emulator, "tts", "convert", "--text", "Hi")
    assert result.code == 0, result.output
    assert only_request(emulator, "/audio/speech").json == {
        "model": "tts-qwen3-1-7b", "input": "Hi", "voice": "Ryan"}
    written = Path(result.stdout.strip())
    assert written.parent == isolated_home / ".openclaw" / "media" / "generated"
    assert written.suffix == ".wav" and written.read_bytes() == emulator.sent[-1]


def test_a_voice_venice_lists_is_checked_before_sending(
        cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "tts", "voices")  # fills the tts cache from Venice
    assert result.code == 0
    assert result.stdout.splitlines()[:2] == ["af_sky    venice/tts-kokoro  default",
                                              "af_bella  venice/tts-kokoro"]
    before = len(emulator.requests)
    result = run_infer(cli, emulator, "tts", "convert", "--text", "x", "--voice", "nobody")
    assert result.code == 2 and 'has no voice "nobody"' in result.stderr
    result = run_infer(cli, emulator, "tts", "convert", "--text", "x", "--format", "ogg")
    assert result.code == 2 and "--format must be one of" in result.stderr
    assert len(emulator.requests) == before


def test_without_a_list_venice_decides(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "tts", "convert", "--text", "x", "--voice", "nobody")
    assert result.code == 10 and "Voice nobody is not available" in result.stderr


def test_voices_json_and_model_filter(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "tts", "voices", "--model", "tts-qwen3-1-7b", "--json")
    assert result.code == 0, result.output
    assert json.loads(result.stdout) == [
        {"id": "Vivian", "name": "Vivian", "model": "venice/tts-qwen3-1-7b", "default": True},
        {"id": "Ryan", "name": "Ryan", "model": "venice/tts-qwen3-1-7b", "default": False}]
    result = run_infer(cli, emulator, "tts", "voices", "--model", "venice/nope")
    assert result.code == 2


def test_speech_to_stdout_and_gateway(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "tts", "convert", "--text", "x", "--output", "-")
    assert result.code == 0 and result.stdout_bytes == emulator.sent[-1]
    result = run_infer(cli, emulator, "tts", "convert", "--text", "x", "--gateway")
    assert result.code == 2 and "no gateway" in result.stderr
    result = run_infer(cli, emulator, "tts", "convert", "--text", "x", "--provider", "openai")
    assert result.code == 2


@pytest.mark.parametrize(("args", "message"), [
    (("--text", ""), "--text cannot be empty"),
    (("--text", "x" * 4097), "longer than Venice's 4096"),
    (("--text", "x", "--speed", "9"), "--speed must be between"),
])
def test_speech_usage_errors(cli: CliRun, emulator: VeniceEmulator, args: tuple[str, ...],
                             message: str) -> None:
    result = run_infer(cli, emulator, "tts", "convert", *args)
    assert result.code == 2 and message in result.stderr and emulator.requests == []


def test_a_cut_speech_answer_leaves_no_file(cli: CliRun, emulator: VeniceEmulator,
                                            tmp_path: Path) -> None:
    emulator.set_scenario("plain", media_cut=True, media_size=100_000)
    result = run_infer(cli, emulator, "tts", "convert", "--text", "x", "--output",
                       str(tmp_path / "a.mp3"))
    assert result.code == 9
    assert list(tmp_path.iterdir()) == [tmp_path / "home"] and leftovers(tmp_path) == []


def test_transcription_uploads_multipart(cli: CliRun, emulator: VeniceEmulator,
                                         tmp_path: Path) -> None:
    audio = tmp_path / "memo.wav"
    audio.write_bytes(WAV)
    result = run_infer(cli, emulator, "audio", "transcribe", "--file", str(audio),
                       "--language", "da")
    assert result.code == 0, result.output
    assert result.stdout == transcript("memo.wav", WAV, "da") + "\n"
    request = only_request(emulator, "/audio/transcriptions")
    parts = {p.name: p for p in parse_multipart(request.body,
                                                request.headers["content-type"])}
    assert parts["file"].value == WAV and parts["file"].content_type == "audio/wav"
    assert {k: p.value for k, p in parts.items() if k != "file"} == {
        "model": b"nvidia/parakeet-tdt-0.6b-v3", "response_format": b"json",
        "language": b"da"}


def test_transcription_json_model_and_ignored_prompt(
        cli: CliRun, emulator: VeniceEmulator, tmp_path: Path) -> None:
    audio = tmp_path / "memo.wav"
    audio.write_bytes(WAV)
    result = run_infer(cli, emulator, "audio", "transcribe", "--file", str(audio), "--model",
                       "openai/whisper-large-v3", "--prompt", "names", "--timestamps",
                       "--json")
    assert result.code == 0, result.output
    answer = json.loads(emulator.sent[-1])
    assert json.loads(result.stdout) == {
        "ok": True, "capability": "audio.transcribe", "transport": "local",
        "provider": "venice", "model": "openai/whisper-large-v3", "attempts": [],
        "outputs": [{"path": str(audio), "text": answer["text"],
                     "kind": "audio.transcription", "duration": answer["duration"],
                     "timestamps": answer["timestamps"]}],
        "ignoredOverrides": [{"key": "prompt", "value": "names"}]}
    assert "Venice does not use --prompt" in result.stderr


def test_voice_model_config_picks_the_right_kind(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path, tmp_path: Path) -> None:
    audio = tmp_path / "memo.wav"
    audio.write_bytes(WAV)
    write_config(config_path, {"agents": {"defaults": {
        "voiceModel": {"primary": "venice/openai/whisper-large-v3"}}}})
    assert run_infer(cli, emulator, "audio", "transcribe", "--file", str(audio)).code == 0
    assert run_infer(cli, emulator, "tts", "convert", "--text", "x").code == 0
    assert requests_to(emulator, "/audio/transcriptions")[0].body.count(
        b"openai/whisper-large-v3") == 1
    assert requests_to(emulator, "/audio/speech")[0].json["model"] == "tts-kokoro"


def test_transcription_input_errors(cli: CliRun, emulator: VeniceEmulator,
                                    tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not audio")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    for name in (str(text), str(empty), str(tmp_path / "missing.wav"), str(tmp_path)):
        result = run_infer(cli, emulator, "audio", "transcribe", "--file", name)
        assert result.code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert emulator.requests == []
