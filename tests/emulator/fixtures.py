"""Pytest fixtures: one emulator per session, reset before every test that uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.emulator.server import VeniceEmulator


@pytest.fixture(scope="session")
def emulator_server() -> Iterator[VeniceEmulator]:
    """The session-wide emulator (started once)."""
    emu = VeniceEmulator()
    try:
        yield emu
    finally:
        emu.close()


@pytest.fixture
def emulator(emulator_server: VeniceEmulator) -> Iterator[VeniceEmulator]:
    """The emulator in its default state ("plain", default keys and models, no requests)."""
    emulator_server.reset()
    yield emulator_server
    emulator_server.reset()
