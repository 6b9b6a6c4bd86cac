"""Checks against the model catalog before anything is sent (exit 2, no request).

A request Venice would reject (tools, a schema, web search, images or a thinking level
the model does not support, ``--max-tokens`` above its limit) is a 400 that also counts
toward Venice's failed-request lockout, so it is refused here when the catalog knows.
When it does not (a model missing from the catalog, a flag the catalog leaves unknown,
the built-in list's guessed output limit) the request goes out as asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openclaw_venice_cli.errors import UsageError

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.loader import Catalog
    from openclaw_venice_cli.catalog.model import ModelInfo
    from openclaw_venice_cli.catalog.ref import ModelRef
    from openclaw_venice_cli.chat.options import ChatOptions
    from openclaw_venice_cli.config.loader import Config
    from openclaw_venice_cli.environment import Environment


def base_id(model_id: str) -> str:
    """The id without Venice's feature suffix (``qwen3-4b:strip_thinking_response=true``)."""
    return model_id.partition(":")[0]


def check_known_model(env: Environment, config: Config, ref: ModelRef) -> None:
    """For the REPL's ``/model``: a Venice id the live (or cached) list does not know is
    refused at once; against the built-in list, which may be out of date, it is taken
    with a note."""
    from openclaw_venice_cli.catalog.loader import find_model, load_catalog

    if ref.provider != "venice":
        return
    catalog = load_catalog(env, config, network=False)
    model_id = base_id(ref.model_id)
    if find_model(catalog, model_id) is not None or model_id in catalog.compatibility:
        return
    if catalog.source == "static":
        env.note(f"Note: {ref} is not in the built-in model list; it will be tried as "
                 "typed.")
        return
    raise UsageError(f"Unknown model {ref}: Venice does not list it. See `openclaw models "
                     "list` (or `openclaw models list --refresh` for models added since).")


def check_vision(model: ModelInfo | None, ref: ModelRef) -> None:
    """Images for a model the catalog lists without vision."""
    if model is not None and not model.vision:
        raise UsageError(
            f"{ref} does not accept images (no vision). Pick a vision model, e.g. "
            "venice/qwen3-vl-235b-a22b.")


def check_capabilities(model: ModelInfo | None, catalog: Catalog,
                       options: ChatOptions) -> None:
    """The checks of one request to ``model`` (None: not in the catalog) besides images
    (:func:`check_vision`, done before image files are read)."""
    from openclaw_venice_cli.chat.request import web_search_mode

    if model is None:
        return
    pick = "Pick one from `openclaw models list --capability {}`."
    if options.tools_file is not None and model.function_calling is False:
        raise UsageError(f"{model.key} does not support function calling (--tools). "
                         + pick.format("tools"))
    if options.schema_file is not None and model.response_schema is False:
        raise UsageError(f"{model.key} does not support structured output (--schema). "
                         + pick.format("schema"))
    search = web_search_mode(options)
    if search in ("on", "auto") and model.web_search is False:
        raise UsageError(f"{model.key} does not support web search (--web-search "
                         f"{search}). " + pick.format("web-search"))
    limit = model.max_tokens
    measured = catalog.source != "static" or model.key in catalog.configured
    if (options.max_tokens is not None and limit is not None and measured
            and options.max_tokens > limit):
        raise UsageError(f"--max-tokens {options.max_tokens} is above {model.key}'s limit "
                         f"of {limit} tokens per answer.")
