"""Convert Venice's OpenAPI file (YAML 1.2) to the JSON test fixture the tests read.

    python scripts/openapi_to_json.py ../shared/venice-openapi.yaml \
        tests/fixtures/venice-openapi.json

YAML 1.2 matters: bare ``on``/``off`` are strings there (``enable_web_search: on``), not
booleans as a YAML 1.1 loader (PyYAML) would make them. Needs ``pip install ruamel.yaml``
(not a project dependency: the tests read the committed JSON). Dates become ISO strings.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from typing import Any


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def main(source: str, target: str) -> None:
    from ruamel.yaml import YAML

    with open(source, encoding="utf-8") as handle:
        document = YAML(typ="safe", pure=True).load(handle)  # YAML 1.2 by default
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(_plain(document), handle, indent=1, ensure_ascii=False, sort_keys=True)
        handle.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
