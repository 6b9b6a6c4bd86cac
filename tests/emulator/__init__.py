"""A faithful loopback emulator of the Venice API, for tests and benchmarks."""
