"""`openclaw models list --refresh` reads a real server's /v1/models."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import LocalServer
from tests.helpers import CliRun

pytestmark = pytest.mark.e2e

MODELS_GET = '"GET /v1/models'


def test_models_list_refresh_shows_served_model(
    llm_server: LocalServer, cli: CliRun, server_env: dict[str, str]
) -> None:
    before = llm_server.log_count(MODELS_GET)
    result = cli("models", "list", "--refresh", env=server_env)
    assert result.code == 0, result.output
    assert llm_server.model in result.stdout, result.output
    assert llm_server.log_count(MODELS_GET) > before, "no GET /v1/models reached the server"
    assert "Traceback" not in result.output
    assert llm_server.api_key not in result.output
