"""Validate request bodies against Venice's official OpenAPI file (an independent oracle).

``tests/fixtures/venice-openapi.json`` is ``../shared/venice-openapi.yaml`` converted with
YAML 1.2 semantics (``scripts/openapi_to_json.py``). OpenAPI 3.0 schemas are JSON Schema
draft 4 plus ``nullable``; :func:`request_errors` turns ``nullable: true`` into a null
alternative and validates with ``jsonschema``'s Draft 4 validator, ``$ref``s resolved
against the whole document.

    assert request_errors("/chat/completions", body) == []
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).parent / "fixtures" / "venice-openapi.json"


@functools.cache
def document() -> dict[str, Any]:
    """The OpenAPI document, with ``nullable`` rewritten for JSON Schema."""
    return _denullable(json.loads(FIXTURE.read_text(encoding="utf-8")))


def _denullable(node: Any) -> Any:
    if isinstance(node, list):
        return [_denullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {key: _denullable(value) for key, value in node.items()}
    if result.pop("nullable", False) is True:
        return {"anyOf": [result, {"type": "null"}]}
    return result


def request_schema(path: str, method: str = "post",
                   content_type: str = "application/json") -> dict[str, Any]:
    """The request-body schema of an operation (a ``$ref`` into the document, usually)."""
    operation = document()["paths"][path][method.lower()]
    return dict(operation["requestBody"]["content"][content_type]["schema"])


def response_schema(path: str, status: str = "200", method: str = "post",
                    content_type: str = "application/json") -> dict[str, Any]:
    """The schema of one documented answer."""
    operation = document()["paths"][path][method.lower()]
    return dict(operation["responses"][status]["content"][content_type]["schema"])


def schema_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    """Every violation of ``schema`` by ``instance`` (``path: message``); [] when valid."""
    import jsonschema

    root = {**document(), **schema}  # keeps "#/components/..." refs resolvable
    validator = jsonschema.Draft4Validator(root)
    return sorted(
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(instance))


def request_errors(path: str, body: Any, method: str = "post",
                   content_type: str = "application/json") -> list[str]:
    """Violations of the documented request schema of ``method path`` by ``body``."""
    return schema_errors(request_schema(path, method, content_type), body)
