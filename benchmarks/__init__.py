"""Benchmarks of openclaw against the interpreter, raw httpx, a naive renderer and peers.

Run ``python benchmarks/run.py`` (see docs/benchmarks.md).
"""
