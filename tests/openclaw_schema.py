"""Does the real OpenClaw accept a config? Its own JSON Schema is the oracle.

``tests/fixtures/openclaw-2026.9.6-config.schema.json`` is the output of
``openclaw config schema`` from the real OpenClaw 2026.9.6 (draft-07). OpenClaw refuses
to run any command on a config that fails it, so every config our commands write must
pass::

    assert openclaw_errors(config_path) == []

The schema describes a resolved config (``$include`` expanded, ``${VAR}`` kept as text):
check a file that uses ``$include`` after expanding it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "fixtures" / "openclaw-2026.9.6-config.schema.json"


# JavaScript's Unicode property classes, which Python's ``re`` lacks (used inside [...]).
_JS_CLASSES = {r"\p{Cs}": r"\ud800-\udfff", r"\p{Cc}": r"\x00-\x1f\x7f-\x9f"}


def _python_patterns(node: Any) -> Any:
    if isinstance(node, list):
        return [_python_patterns(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _python_patterns(value) for key, value in node.items()}
    if isinstance(result.get("pattern"), str):
        for js, python in _JS_CLASSES.items():
            result["pattern"] = result["pattern"].replace(js, python)
    return result


@functools.cache
def _validator() -> Any:
    import jsonschema

    schema = _python_patterns(json.loads(FIXTURE.read_text(encoding="utf-8")))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _document(config: Path | dict[str, Any]) -> Any:
    if isinstance(config, dict):
        return config
    import json5

    return json5.loads(config.read_text(encoding="utf-8"))


def openclaw_errors(config: Path | dict[str, Any]) -> list[str]:
    """Every violation (``dotted.path: message``) of OpenClaw's schema; [] when valid."""
    document = _document(config)
    return sorted(
        f"{'.'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in _validator().iter_errors(document))


def assert_openclaw_accepts(config: Path | dict[str, Any]) -> None:
    """Fail with OpenClaw's objections when it would refuse ``config``."""
    errors = openclaw_errors(config)
    assert errors == [], "OpenClaw would refuse this config:\n" + "\n".join(errors)
