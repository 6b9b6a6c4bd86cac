"""Pytest fixtures for the emulator (stub until the emulator lands)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[Any]:
    pytest.skip("emulator not implemented yet")
    yield None


@pytest.fixture
def emulator(emulator_server: Any) -> Any:
    return emulator_server
