"""`models status --check` and `--probe` (live GET /api_keys/rate_limits).

The expected tier, balances and limits are read off the emulator's fixture body (what
Venice's OpenAPI documents for the endpoint), written out by hand here.
"""

from __future__ import annotations

import json
import socket

from tests.emulator import VeniceEmulator
from tests.helpers import TEST_KEY, CliRun

UNKNOWN_KEY = "VENICE_INFERENCE_KEY_notKnownToTheEmulator0000000000000"


def venice(emulator: VeniceEmulator, key: str = TEST_KEY) -> dict[str, str]:
    return {"VENICE_BASE_URL": emulator.base_url, "VENICE_API_KEY": key}


def probes(emulator: VeniceEmulator) -> list[str]:
    return [r.headers["authorization"] for r in emulator.requests
            if r.method == "GET" and r.path.endswith("/api_keys/rate_limits")]


def test_status_stays_offline_without_probe(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = cli("models", "status", "--check", env=venice(emulator))
    assert result.code == 0, result.output
    assert "Probe" not in result.stdout
    assert emulator.requests == []


def test_probe_reports_tier_balance_and_limits(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = cli("models", "status", "--probe", env=venice(emulator))
    assert result.code == 0, result.output
    assert result.stdout.endswith(
        "\nProbe (live)\n- venice ok | tier paid | balance $50.23, 100.02 DIEM | rate limits "
        "for 1 model (--json lists them)\n")
    assert probes(emulator) == [f"Bearer {TEST_KEY}"]


def test_probe_names_the_default_models_own_limits(cli: CliRun,
                                                   emulator: VeniceEmulator) -> None:
    config = cli("models", "set", "venice/zai-org-glm-5-1")
    assert config.code == 0
    result = cli("models", "status", "--probe", env=venice(emulator))
    assert ("limits for venice/zai-org-glm-5-1: 100 RPM, 2,000,000 TPM | rate limits for "
            "1 model") in result.stdout


def test_probe_json(cli: CliRun, emulator: VeniceEmulator) -> None:
    result = cli("models", "status", "--probe", "--check", "--json", env=venice(emulator))
    assert result.code == 0, result.output
    document = json.loads(result.stdout)
    assert document["probe"] == {
        "provider": "venice", "status": "ok", "message": "key accepted", "tier": "paid",
        "charged": True, "balances": {"USD": 50.23, "DIEM": 100.023, "BUNDLED_CREDITS": 25.0},
        "accessPermitted": True, "keyExpiration": None,
        "nextEpochBegins": "2026-04-21T00:00:00.000Z",
        "rateLimits": [{"model": "zai-org-glm-5-1", "type": "RPM", "amount": 100.0},
                       {"model": "zai-org-glm-5-1", "type": "TPM", "amount": 2000000.0}]}
    assert document["check"] == {"ok": True, "problem": None}


def test_check_fails_without_a_key(cli: CliRun) -> None:
    result = cli("models", "status", "--check")
    assert result.code == 1
    assert result.stdout.startswith("Config        : ~/.openclaw/openclaw.json")
    assert result.stderr == ("Error: Check failed: no Venice API key (set VENICE_API_KEY or "
                             "run `openclaw onboard`).\n")
    plain = cli("models", "status", "--check", "--plain")
    assert (plain.code, plain.stdout) == (1, "venice/llama-3.3-70b\n")


def test_check_with_probe_fails_on_a_rejected_key(cli: CliRun,
                                                  emulator: VeniceEmulator) -> None:
    result = cli("models", "status", "--check", "--probe", env=venice(emulator, UNKNOWN_KEY))
    assert result.code == 1
    assert "\nProbe (live)\n- venice rejected | The API key was rejected (401): " \
           "Authentication failed\n" in result.stdout
    assert result.stderr == ("Error: Check failed: the Venice API key was rejected (The API "
                             "key was rejected (401): Authentication failed).\n")
    assert UNKNOWN_KEY not in result.output
    without_check = cli("models", "status", "--probe", env=venice(emulator, UNKNOWN_KEY))
    assert without_check.code == 0


def test_an_unreachable_probe_is_reported_not_fatal(cli: CliRun) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = cli("models", "status", "--probe", "--check", "--probe-timeout", "2000", env={
        "VENICE_BASE_URL": f"http://127.0.0.1:{port}/api/v1", "VENICE_API_KEY": TEST_KEY})
    assert result.code == 0, result.output
    assert "\n- venice unreachable | " in result.stdout
