"""The raw baseline: a minimal httpx script doing one streaming chat request.

``python benchmarks/httpx_stream.py BASE_URL BODY_JSON`` with the key in
``VENICE_API_KEY``: POST {BASE_URL}/chat/completions, print each content delta as it
arrives (flushed), nothing else. No retries, no config, no rendering.
"""

import json
import os
import sys

import httpx


def main() -> int:
    base_url, body = sys.argv[1], json.loads(sys.argv[2])
    headers = {"Authorization": "Bearer " + os.environ["VENICE_API_KEY"],
               "Accept": "text/event-stream"}
    out = sys.stdout
    with httpx.Client(timeout=120) as client, client.stream(
            "POST", base_url + "/chat/completions", json=body, headers=headers) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                break
            for choice in json.loads(data).get("choices") or ():
                text = (choice.get("delta") or {}).get("content")
                if text:
                    out.write(text)
                    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
