"""`infer image generate | edit | upscale`: requests checked against the OpenAPI schema,
files compared byte for byte with what the emulator sent."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest

from tests.emulator import VeniceEmulator
from tests.helpers import CliRun
from tests.infer_support import PNG, leftovers, only_request, requests_to, run_infer, write_config


def test_one_image_is_streamed_into_the_default_store(
        cli: CliRun, emulator: VeniceEmulator, isolated_home: Path) -> None:
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "a red fox")
    assert result.code == 0, result.output
    store = isolated_home / ".openclaw" / "media" / "generated"
    files = list(store.iterdir())
    assert result.stdout == f"{files[0]}\n" and result.stderr == ""
    assert files[0].suffix == ".webp" and files[0].read_bytes() == emulator.sent[-1]
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    body = only_request(emulator, "/image/generate").json
    assert body == {"model": "venice-sd35", "prompt": "a red fox", "return_binary": True}


def test_several_images_get_numbered_names_and_exact_bytes(
        cli: CliRun, emulator: VeniceEmulator, tmp_path: Path) -> None:
    out = tmp_path / "fox.png"
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "a fox", "--count",
                       "3", "--output", str(out), "--json")
    assert result.code == 0, result.output
    answer = json.loads(emulator.sent[0])
    sent = [base64.b64decode(image) for image in answer["images"]]
    names = [tmp_path / f"fox-{i}.png" for i in (1, 2, 3)]
    assert [p.read_bytes() for p in names] == sent
    assert json.loads(result.stdout) == {
        "ok": True, "capability": "image.generate", "transport": "local",
        "provider": "venice", "model": "venice-sd35", "attempts": [],
        "outputs": [{"path": str(p), "mimeType": "image/png", "size": len(b)}
                    for p, b in zip(names, sent, strict=True)]}
    body = only_request(emulator, "/image/generate").json
    assert body["variants"] == 3 and body["format"] == "png" and "return_binary" not in body
    assert not out.exists() and leftovers(tmp_path) == []


def test_venice_flags_reach_the_body(cli: CliRun, emulator: VeniceEmulator,
                                     tmp_path: Path) -> None:
    result = run_infer(
        cli, emulator, "image", "generate", "--prompt", "castle", "--model",
        "venice/nano-banana-pro", "--size", "1024x768", "--aspect-ratio", "16:9",
        "--resolution", "2K", "--output-format", "jpeg", "--negative-prompt", "fog",
        "--style-preset", "Cinematic", "--seed", "42", "--cfg-scale", "7.5", "--steps", "20",
        "--no-safe-mode", "--hide-watermark", "--enhance-prompt", "--quality", "high",
        "--output", str(tmp_path / "c.jpg"))
    assert result.code == 0, result.output
    assert only_request(emulator, "/image/generate").json == {
        "model": "nano-banana-pro", "prompt": "castle", "width": 1024, "height": 768,
        "aspect_ratio": "16:9", "resolution": "2K", "format": "jpeg",
        "negative_prompt": "fog", "style_preset": "Cinematic", "seed": 42, "cfg_scale": 7.5,
        "steps": 20, "safe_mode": False, "hide_watermark": True, "enhance_prompt": True,
        "quality": "high", "return_binary": True}
    assert (tmp_path / "c.jpg").read_bytes() == emulator.sent[-1]


def test_openai_only_hints_are_reported_as_ignored(
        cli: CliRun, emulator: VeniceEmulator, tmp_path: Path) -> None:
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "sticker",
                       "--background", "transparent", "--openai-moderation", "low",
                       "--output", str(tmp_path / "s.webp"), "--json")
    assert result.code == 0, result.output
    assert json.loads(result.stdout)["ignoredOverrides"] == [
        {"key": "background", "value": "transparent"},
        {"key": "openai_moderation", "value": "low"}]
    assert result.stderr == "Note: Venice does not use --background, --openai-moderation; " \
        "ignored.\n"
    assert "background" not in only_request(emulator, "/image/generate").json


def test_the_output_extension_picks_the_format_and_a_mismatch_is_renamed(
        cli: CliRun, emulator: VeniceEmulator, tmp_path: Path) -> None:
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--output",
                       str(tmp_path / "pic.png"), "--output-format", "webp")
    assert result.code == 0, result.output
    assert result.stdout == f"{tmp_path / 'pic.webp'}\n"
    assert "writing pic.webp instead of pic.png" in result.stderr
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--output",
                       str(tmp_path / "pic.jpeg"))
    assert requests_to(emulator, "/image/generate")[-1].json["format"] == "jpeg"
    assert result.stdout == f"{tmp_path / 'pic.jpeg'}\n"


def test_output_dash_writes_the_bytes_to_stdout(
        cli: CliRun, emulator: VeniceEmulator, isolated_home: Path) -> None:
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x",
                       "--output-format", "png", "--output", "-")
    assert result.code == 0 and result.stderr == ""
    assert result.stdout_bytes == emulator.sent[-1]
    assert not (isolated_home / ".openclaw" / "media").exists()
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--count", "2",
                       "--output", "-")
    assert result.code == 2 and "--output - (stdout) takes one result" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--count", "5"), "--count must be between 1 and 4"),
    (("--size", "4000x10"), "--size must be WIDTHxHEIGHT"),
    (("--size", "big"), "--size must be WIDTHxHEIGHT"),
    (("--seed", "1000000000"), "--seed must be between"),
    (("--cfg-scale", "0"), "--cfg-scale must be above 0"),
    (("--quality", "max"), "--quality must be low, medium, high or auto"),
    (("--output-format", "gif"), "--output-format must be png, jpeg or webp"),
    (("--timeout-ms", "0"), "--timeout-ms must be a positive number"),
])
def test_bad_flags_send_nothing(cli: CliRun, emulator: VeniceEmulator,
                                args: tuple[str, ...], message: str) -> None:
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", *args)
    assert result.code == 2 and message in result.stderr
    assert result.stderr.count("\n") == 1 and emulator.requests == []


def test_empty_prompt_and_missing_key(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "image", "generate", "--prompt", " ")
    assert (result.code, result.stderr) == (2, "Error: --prompt cannot be empty.\n")
    result = cli("infer", "image", "generate", "--prompt", "x",
                 env={"VENICE_BASE_URL": emulator.base_url})
    assert result.code == 1 and "No Venice API key" in result.stderr
    assert emulator.requests == []


def test_configured_model_and_timeout(cli: CliRun, emulator: VeniceEmulator,
                                      config_path: Path, tmp_path: Path) -> None:
    write_config(config_path, {"agents": {"defaults": {"mediaModels": {
        "image": {"primary": "venice/nano-banana-pro", "timeoutMs": 250000}}}}})
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--output",
                       str(tmp_path / "a.webp"))
    assert result.code == 0, result.output
    assert only_request(emulator, "/image/generate").json["model"] == "nano-banana-pro"


def test_a_malformed_config_key_is_a_config_error(
        cli: CliRun, emulator: VeniceEmulator, config_path: Path) -> None:
    write_config(config_path, {"agents": {"defaults": {"mediaModels": {"image": 7}}}})
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x")
    assert result.code == 3 and "agents.defaults.mediaModels.image must be" in result.stderr
    assert emulator.requests == []


@pytest.mark.parametrize(("status", "code"), [(401, 4), (402, 5), (404, 6), (422, 10),
                                              (500, 8)])
def test_api_errors_map_to_exit_codes(cli: CliRun, emulator: VeniceEmulator,
                                      isolated_home: Path, status: int, code: int) -> None:
    emulator.set_scenario("http-error", status=status, on="image")
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x")
    assert result.code == code, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and result.stderr.endswith(errors[0] + "\n")
    assert not (isolated_home / ".openclaw" / "media").exists()


def test_rate_limits_are_retried(cli: CliRun, emulator: VeniceEmulator,
                                 tmp_path: Path) -> None:
    emulator.set_scenario("http-error", status=429, on="image", fail_times=2)
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--output",
                       str(tmp_path / "r.webp"))
    assert result.code == 0, result.output
    assert len(requests_to(emulator, "/image/generate")) == 3 and len(cli.sleeps) == 2
    assert (tmp_path / "r.webp").read_bytes() == emulator.sent[-1]


def test_a_cut_answer_leaves_nothing_and_keeps_the_old_file(
        cli: CliRun, emulator: VeniceEmulator, tmp_path: Path) -> None:
    target = tmp_path / "keep.webp"
    target.write_bytes(b"the previous image")
    emulator.set_scenario("plain", media_cut=True, media_size=200_000)
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--output",
                       str(target))
    assert result.code == 9 and "closed before the answer was complete" in result.stderr
    assert target.read_bytes() == b"the previous image"
    assert leftovers(tmp_path) == []


def test_an_endless_answer_stops_at_the_cap(cli: CliRun, emulator: VeniceEmulator,
                                            tmp_path: Path) -> None:
    emulator.set_scenario("plain", media_flood=True, media_flood_limit=200_000_000)
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--output",
                       str(tmp_path / "big.webp"))
    assert result.code == 8 and "more than 64 MB for the answer" in result.stderr
    assert not (tmp_path / "big.webp").exists() and leftovers(tmp_path) == []


def test_an_unwritable_place_fails_cleanly(cli: CliRun, emulator: VeniceEmulator,
                                           tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--output",
                       str(blocker / "a.webp"))
    assert result.code == 1 and result.stderr.startswith("Error: Could not write ")
    assert "nothing was written" in result.stderr


def test_blur_and_content_flags(cli: CliRun, emulator: VeniceEmulator,
                                tmp_path: Path) -> None:
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "nsfw scene",
                       "--output", str(tmp_path / "b.webp"))
    assert result.code == 0 and "safe mode blurred the image" in result.stderr
    emulator.set_scenario("plain", violation=True)
    result = run_infer(cli, emulator, "image", "generate", "--prompt", "x", "--output",
                       str(tmp_path / "v.webp"))
    assert result.code == 12 and "content violation" in result.stderr
    assert result.stdout == f"{tmp_path / 'v.webp'}\n"
    assert (tmp_path / "v.webp").read_bytes() == emulator.sent[-1]


def test_edit_uploads_the_file_as_multipart(cli: CliRun, emulator: VeniceEmulator,
                                            tmp_path: Path) -> None:
    from tests.openapi import parse_multipart

    source = tmp_path / "in.png"
    source.write_bytes(PNG)
    result = run_infer(cli, emulator, "image", "edit", "--file", str(source), "--prompt",
                       "make it night", "--aspect-ratio", "16:9", "--no-safe-mode",
                       "--output", str(tmp_path / "out.png"), "--json")
    assert result.code == 0, result.output
    request = only_request(emulator, "/image/edit")
    parts = {p.name: p for p in parse_multipart(request.body,
                                                request.headers["content-type"])}
    assert parts["image"].value == PNG and parts["image"].filename == "in.png"
    assert parts["image"].content_type == "image/png"
    assert {k: p.value for k, p in parts.items() if k != "image"} == {
        "prompt": b"make it night", "aspect_ratio": b"16:9", "safe_mode": b"false",
        "output_format": b"png", "model": b"firered-image-edit"}
    assert (tmp_path / "out.png").read_bytes() == emulator.sent[-1]
    assert json.loads(result.stdout)["model"] == "firered-image-edit"


def test_edit_of_a_url_sends_json(cli: CliRun, emulator: VeniceEmulator,
                                  tmp_path: Path) -> None:
    result = run_infer(cli, emulator, "image", "edit", "--file", "https://example.com/a.png",
                       "--prompt", "sunset", "--output", str(tmp_path / "e.png"))
    assert result.code == 0, result.output
    assert only_request(emulator, "/image/edit").json == {
        "prompt": "sunset", "output_format": "png", "model": "firered-image-edit",
        "image": "https://example.com/a.png"}


@pytest.mark.parametrize(("args", "message"), [
    (("--count", "2"), "--count must be 1"),
    (("--aspect-ratio", "5:4"), "--aspect-ratio for edits must be one of"),
])
def test_edit_usage_errors(cli: CliRun, emulator: VeniceEmulator, tmp_path: Path,
                           args: tuple[str, ...], message: str) -> None:
    source = tmp_path / "in.png"
    source.write_bytes(PNG)
    result = run_infer(cli, emulator, "image", "edit", "--file", str(source), "--prompt",
                       "x", *args)
    assert result.code == 2 and message in result.stderr and emulator.requests == []


def test_edit_refuses_what_is_not_an_image(cli: CliRun, emulator: VeniceEmulator,
                                           tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    for args in ((str(text),), (str(tmp_path / "missing.png"),), (str(text), str(text))):
        files = [word for path in args for word in ("--file", path)]
        result = run_infer(cli, emulator, "image", "edit", *files, "--prompt", "x")
        assert result.code == 2 and result.stderr.count("\n") == 1
    assert emulator.requests == []


def test_upscale(cli: CliRun, emulator: VeniceEmulator, tmp_path: Path) -> None:
    source = tmp_path / "small.png"
    source.write_bytes(PNG)
    result = run_infer(cli, emulator, "image", "upscale", "--file", str(source), "--scale",
                       "4", "--creativity", "0.02", "--output", str(tmp_path / "big.png"))
    assert result.code == 0, result.output
    request = only_request(emulator, "/image/upscale")
    from tests.openapi import multipart_instance

    instance = multipart_instance("/image/upscale", request.body,
                                  request.headers["content-type"])
    assert instance["scale"] == 4 and instance["creativity"] == 0.02
    assert (tmp_path / "big.png").read_bytes() == emulator.sent[-1]
    result = run_infer(cli, emulator, "image", "upscale", "--file", str(source), "--scale",
                       "3")
    assert result.code == 2 and "--scale must be 2 or 4" in result.stderr


def test_styles(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = run_infer(cli, emulator, "image", "styles")
    assert result.code == 0
    assert result.stdout.splitlines() == json.loads(emulator.sent[-1])["data"]
