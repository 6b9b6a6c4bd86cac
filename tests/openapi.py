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
from typing import Any, NamedTuple

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


class Part(NamedTuple):
    """One field of a multipart/form-data body."""

    name: str
    value: bytes
    filename: str | None
    content_type: str | None


def parse_multipart(body: bytes, content_type: str) -> list[Part]:
    """The parts of a multipart/form-data ``body`` (stdlib ``email`` parser, no shortcuts:
    a malformed body raises ValueError)."""
    import email.parser
    import email.policy

    if not content_type.lower().startswith("multipart/form-data"):
        raise ValueError(f"not multipart/form-data: {content_type!r}")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise ValueError("the body has no parts")
    parts = []
    for part in message.iter_parts():
        disposition = part.get("Content-Disposition", "")
        if not str(disposition).startswith("form-data"):
            raise ValueError(f"part without form-data disposition: {disposition!r}")
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            raise ValueError("part without a name")
        payload = part.get_payload(decode=True)
        parts.append(Part(name, payload if isinstance(payload, bytes) else b"",
                          part.get_filename(), part.get("Content-Type")))
    return parts


def _coerce(value: str, schema: dict[str, Any]) -> Any:
    """A form field's text as the type its schema names (what the server's coercion does);
    text that does not convert stays text, so the validator reports it."""
    kinds = [schema.get("type")] + [alt.get("type") for alt in schema.get("anyOf", [])
                                    if isinstance(alt, dict)]
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    if "integer" in kinds:
        try:
            return int(value)
        except ValueError:
            pass
    if "number" in kinds:
        try:
            return float(value)
        except ValueError:
            pass
    return value


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    """The merged ``properties`` of a schema (through ``allOf`` and ``$ref``)."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        node: Any = document()
        for key in ref.lstrip("#/").split("/"):
            node = node[key]
        return _properties(node)
    merged = dict(schema.get("properties") or {})
    for sub in schema.get("allOf") or []:
        merged.update(_properties(sub))
    return merged


def multipart_instance(path: str, body: bytes, content_type: str,
                       method: str = "post") -> dict[str, Any]:
    """A multipart request as the JSON instance its schema describes: text fields coerced
    to their declared types, file parts as text (``format: binary`` strings)."""
    schema = request_schema(path, method, "multipart/form-data")
    properties = _properties(schema)
    instance: dict[str, Any] = {}
    for part in parse_multipart(body, content_type):
        if part.name in instance:
            raise ValueError(f"field {part.name!r} sent twice")
        if part.filename is not None:
            instance[part.name] = part.value.decode("latin-1")
        else:
            instance[part.name] = _coerce(part.value.decode("utf-8"),
                                          properties.get(part.name) or {})
    return instance


def multipart_errors(path: str, body: bytes, content_type: str,
                     method: str = "post") -> list[str]:
    """Violations of the documented multipart schema of ``method path`` by ``body``."""
    instance = multipart_instance(path, body, content_type, method)
    return schema_errors(request_schema(path, method, "multipart/form-data"), instance)
