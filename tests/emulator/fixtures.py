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


def non_loopback_address() -> str | None:
    """An IPv4 address of this machine that is not loopback (None when it has none).

    Connecting a UDP socket sends nothing; it only asks the kernel which local address
    would be used, so this works on a machine with no outside network.
    """
    import socket

    for probe in ("192.0.2.1", "10.255.255.255", "8.8.8.8"):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((probe, 9))
            except OSError:
                continue
            address = str(sock.getsockname()[0])
        if not address.startswith("127.") and address != "0.0.0.0":
            return address
    return None


@pytest.fixture(scope="session")
def remote_emulator() -> Iterator[VeniceEmulator]:
    """An emulator on a non-loopback address of this machine: to the CLI it is a remote
    host reached over plain http (the bytes still never leave the machine)."""
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to stand in for a "
                    "remote host")
    emu = VeniceEmulator(host=address)
    try:
        yield emu
    finally:
        emu.close()
