"""Run the emulator alone: ``python -m tests.emulator --port 0`` prints its base URL first."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from tests.emulator.server import VeniceEmulator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: any free port)")
    parser.add_argument("--scenario", default="plain", help="initial chat scenario")
    parser.add_argument("--options", default="{}", help="scenario options as a JSON object")
    args = parser.parse_args(argv)
    emu = VeniceEmulator(args.host, args.port)
    emu.set_scenario(args.scenario, **json.loads(args.options))
    print(emu.base_url, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        emu.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
