"""`infer model list | inspect`: the catalogs as OpenClaw's infer shows them.

``list`` is the chat catalog (`models list`'s rows and table; a JSON array of entries
with ``--json``). ``inspect`` finds one model of any type: the chat catalog first, then
Venice's typed lists (cache or built-in; no network), and prints its entry as JSON.
"""

from __future__ import annotations

from openclaw_venice_cli.catalog.listing import (
    Filters,
    build_rows,
    format_table,
    json_row,
    media_json_row,
)
from openclaw_venice_cli.catalog.loader import load_catalog, load_media_models
from openclaw_venice_cli.catalog.media import find_media_model
from openclaw_venice_cli.config.loader import load_config
from openclaw_venice_cli.environment import Environment
from openclaw_venice_cli.errors import NotFoundError
from openclaw_venice_cli.media import envelope
from openclaw_venice_cli.media.models import MEDIA_KINDS, model_ref


def list_models(env: Environment, *, json_: bool) -> None:
    config = load_config(env)
    rows = build_rows(load_catalog(env, config), config, Filters())
    if json_:
        envelope.emit_json(env, [json_row(row) for row in rows])
    else:
        env.show(format_table(rows))


def inspect_model(env: Environment, text: str) -> None:
    config = load_config(env)
    ref = model_ref(config, text, venice_ids=True)
    rows = build_rows(load_catalog(env, config, network=False), config,
                      Filters(view_all=True))
    row = next((r for r in rows if r.key == str(ref) and r.model is not None), None)
    if row is not None:
        envelope.emit_json(env, json_row(row))
        return
    if ref.provider == "venice":
        for kind in MEDIA_KINDS:
            found = find_media_model(
                load_media_models(env, config, kind, network=False).models, ref.model_id)
            if found is not None:
                envelope.emit_json(env, media_json_row(found))
                return
    raise NotFoundError(f"Model not found: {ref}. See `openclaw models list` (and "
                        "`--type image|tts|asr|embedding`).")
