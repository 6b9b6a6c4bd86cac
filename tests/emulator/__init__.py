"""A faithful loopback emulator of the Venice API, for tests and benchmarks.

``VeniceEmulator()`` starts serving on ``127.0.0.1:<free port>`` at once; see the brief
(`docs/architecture.md`, tests section) and ``scenarios.CHAT_SCENARIOS``.
"""

from __future__ import annotations

from tests.emulator.server import CF_RAY, SCENARIOS, RecordedRequest, VeniceEmulator

__all__ = ["CF_RAY", "SCENARIOS", "RecordedRequest", "VeniceEmulator"]
