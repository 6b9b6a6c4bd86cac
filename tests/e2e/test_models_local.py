"""`openclaw models list --refresh` reads a real server's /v1/models."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LocalServer
from tests.e2e.proxy import RecordingProxy
from tests.helpers import CliRun

pytestmark = pytest.mark.e2e


def test_models_list_refresh_shows_served_model(
    llm_server: LocalServer, proxy: RecordingProxy, cli: CliRun
) -> None:
    env = {"VENICE_BASE_URL": proxy.base_url, "VENICE_API_KEY": llm_server.api_key}
    result = cli("models", "list", "--refresh", "--plain", env=env)
    assert result.code == 0, result.output
    # The default model (the seed's, not served here) first, then the served catalog.
    assert result.stdout.splitlines() == ["venice/llama-3.3-70b", f"venice/{llm_server.model}"]
    # Discovery asks without the key first, and once more with it after the server's 401.
    assert [(x.method, x.path.split("?")[0], x.status) for x in proxy.exchanges] == [
        ("GET", "/v1/models", 401), ("GET", "/v1/models", 200)]
    assert llm_server.api_key not in result.output
