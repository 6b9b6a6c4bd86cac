"""The Venice set-up steps shared by ``openclaw onboard`` and ``openclaw configure``.

Key input (normalised, never echoed), the live key check (``GET /api_keys/rate_limits``,
bounded wait), the model picker (grouped private / anonymized) and the one config write
at the very end, so Ctrl-C at any question leaves the file untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from openclaw_venice_cli.catalog.ref import parse_model_ref
from openclaw_venice_cli.errors import UsageError
from openclaw_venice_cli.keys import mask_key, register_secret
from openclaw_venice_cli.onboarding.choices import Choice
from openclaw_venice_cli.onboarding.plan import SetupOutcome, SetupPlan, apply_venice_setup
from openclaw_venice_cli.onboarding.prompts import Prompter

if TYPE_CHECKING:
    from openclaw_venice_cli.catalog.loader import Catalog
    from openclaw_venice_cli.catalog.model import ModelInfo
    from openclaw_venice_cli.config.loader import Config
    from openclaw_venice_cli.config.writer import WriteResult
    from openclaw_venice_cli.environment import Environment

NOTE_TITLE = "Venice AI"
NOTE_LINES = (
    "Venice AI provides privacy-focused inference with uncensored models.",
    "Get your API key at: https://venice.ai/settings/api",
    "Supports 'private' (fully private) and 'anonymized' (proxy) modes.",
)
KEY_PROMPT = "Enter Venice AI API key"
PROVIDER_LABEL = "Venice AI (Privacy-focused (uncensored models))"
KEY_CHECK_TIMEOUT = 10.0  # seconds, the whole request
KEY_CHECK_CONNECT_TIMEOUT = 5.0
_COMMAND_PASTE = "Paste the API key value, not an OpenClaw onboarding command."
_EXPORT = re.compile(r"^export\s+[A-Za-z_][A-Za-z0-9_]*\s*=\s*")
_ASSIGN = re.compile(r"^[A-Z_][A-Z0-9_]*KEY[A-Z0-9_]*\s*=\s*(?=[^=\s])")
_GROUPS = {"private": "Private (fully private, no logging)",
           "anonymized": "Anonymized (via Venice's proxy)"}


# -- key input ------------------------------------------------------------------------
def normalize_key_input(text: str) -> str:
    """Strip ``export NAME=``, surrounding quotes/backticks, a trailing ``;`` and spaces."""
    value = text.strip()
    value = _EXPORT.sub("", value, count=1)
    value = _ASSIGN.sub("", value, count=1).strip().rstrip(";").strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
        value = value[1:-1].strip()
    return value


def key_input_error(raw: str, normalized: str) -> str | None:
    """OpenClaw's only two complaints: empty input, and a pasted onboarding command."""
    if not normalized:
        return "Required"
    if raw.strip().lower().startswith("openclaw ") or "openclaw onboard" in raw.lower():
        return _COMMAND_PASTE
    return None


def ask_key(prompter: Prompter) -> str:
    """Hidden key prompt; empty input or a pasted command asks again."""
    while True:
        raw = prompter.secret(KEY_PROMPT)
        key = normalize_key_input(raw)
        problem = key_input_error(raw, key)
        if problem is None:
            register_secret(key)
            prompter.say(f"Key: {mask_key(key)}")
            return key
        prompter.say(prompter.style(problem, "31"))


# -- key check ------------------------------------------------------------------------
@dataclass(frozen=True)
class KeyCheck:
    """The live check's verdict: ``ok`` | ``rejected`` | ``unreachable`` | ``skipped``."""

    status: str
    message: str


SKIPPED = KeyCheck("skipped", "Skipped the key check (--skip-health).")


def describe_key_ok(data: Any) -> str:
    """``Key OK: tier paid · balance $50.23, 100.02 DIEM`` from the rate_limits data."""
    from openclaw_venice_cli.catalog.probe import money, read_rate_limits

    limits = read_rate_limits(data)
    balance = money(limits)
    details = ([f"tier {limits.tier}"] if limits.tier else []) + (
        [f"balance {balance}"] if balance else [])
    text = "Key OK" + (": " + " · ".join(details) if details else "")
    if limits.access_permitted is False:
        text += " (Venice reports access not permitted: check the balance and the key's limits)"
    return text


def check_key(env: Environment, base_url: str, key: str,
              timeout: float = KEY_CHECK_TIMEOUT) -> KeyCheck:
    """GET {base}/api_keys/rate_limits once, no retries, bounded wait."""
    from openclaw_venice_cli.client.http import ApiClient
    from openclaw_venice_cli.config.loader import DEFAULT_API, KeyInfo, ProviderConfig
    from openclaw_venice_cli.errors import ApiError, AuthError, NetworkError
    from openclaw_venice_cli.keys import redact_text
    from openclaw_venice_cli.sanitize import one_line

    provider = ProviderConfig("venice", base_url, DEFAULT_API, KeyInfo(key, "onboarding"), [])
    try:
        with ApiClient.for_provider(
                provider, env, timeout=timeout, max_retries=0,
                connect_timeout=min(KEY_CHECK_CONNECT_TIMEOUT, timeout)) as client:
            data = client.check_key(timeout=timeout)
    except AuthError as error:
        detail = error.api_message.split(": ", 1)[-1]
        status = error.status or 401
        return KeyCheck("rejected", one_line(redact_text(  # the server's words: one safe line
            f"The key was rejected by Venice ({status} {detail}).", env.environ, [key])))
    except (NetworkError, ApiError) as error:
        reason = one_line(redact_text(str(error), env.environ, [key]))
        return KeyCheck("unreachable", f"Could not check the key ({reason}); continuing.")
    return KeyCheck("ok", describe_key_ok(data))


# -- model picker -----------------------------------------------------------------------
def capabilities(model: ModelInfo) -> str:
    """``vision, reasoning`` … (the capabilities the catalog confirms) or ``general``."""
    from openclaw_venice_cli.catalog.model import capability_flags

    words = [name for name, on in capability_flags(model).items() if on]
    if model.offline:
        words.append("offline")
    return ", ".join(words) or "general"


def model_choices(models: list[ModelInfo]) -> list[Choice]:
    """Venice models as select rows: private first, then anonymized, then the rest."""
    from openclaw_venice_cli.catalog.listing import format_token_k

    venice = [m for m in models if m.provider == "venice" and not m.deprecated]
    order = {"private": 0, "anonymized": 1}
    venice.sort(key=lambda m: order.get(m.privacy or "", 2))
    width = max((len(m.name) for m in venice), default=0)
    return [
        Choice(m.id, m.id, f"{m.name:<{width}}  {format_token_k(m.context_window):>5}  "
               f"{capabilities(m)}", _GROUPS.get(m.privacy or "", "Other"), (m.key,))
        for m in venice
    ]


def pick_model(prompter: Prompter, catalog: Catalog, current: str | None) -> str:
    """Ask for the default model; returns ``venice/<id>`` (or the kept current ref)."""
    choices = model_choices(catalog.models)
    current_id = current[len("venice/"):] if current and current.startswith("venice/") else None
    if current and current_id is None:
        choices.insert(0, Choice(current, f"Keep current ({current})"))
    if not choices:
        answer = prompter.text("Default model", current or "venice/llama-3.3-70b")
        return str(parse_model_ref(answer))
    wanted = current if current_id is None else current_id
    ids = [c.value for c in choices]
    default = ids.index(wanted) if wanted in ids else (
        ids.index("llama-3.3-70b") if "llama-3.3-70b" in ids else 0)
    picked = prompter.select("Default model", choices, default)
    return picked.value if "/" in picked.value else f"venice/{picked.value}"


def describe_catalog(catalog: Catalog) -> str:
    count = sum(1 for m in catalog.models if m.provider == "venice" and not m.deprecated)
    where = {"live": "live from Venice", "cache": "from the cached list",
             "static": "from the built-in list"}.get(catalog.source, catalog.source)
    return f"{count} Venice models ({where})."


def venice_model_ref(text: str) -> str:
    """Validate ``--model``: a Venice model (``venice/<id>`` or a bare id)."""
    ref = parse_model_ref(text)
    if ref.provider != "venice":
        raise UsageError(f'--model must be a Venice model (venice/<id>), got "{text}".')
    return str(ref)


# -- the interactive flow -------------------------------------------------------------
@dataclass(frozen=True)
class SetupOptions:
    """Flags that pre-answer questions in the interactive flow."""

    key: str | None = None  # --venice-api-key
    model_ref: str | None = None  # --model
    secret_mode: str | None = None  # --secret-input-mode
    skip_health: bool = False


def key_origin(source: str) -> str:
    """``env`` | ``dotenv`` | ``config`` | ``store`` from a :class:`KeyInfo` source."""
    return source.split(":", 1)[0]


def _obtain_key(prompter: Prompter, config: Config, flag_key: str | None) -> tuple[str, str]:
    """The key and where it came from: ``flag`` | ``env`` | ``dotenv`` | ``config`` |
    ``store`` | ``prompt``."""
    if flag_key:
        return flag_key, "flag"
    existing = config.venice_key()
    if existing is not None:
        register_secret(existing.value)
        question = f"Use existing VENICE_API_KEY ({existing.source}, {mask_key(existing.value)})?"
        if prompter.confirm(question, True):
            return existing.value, key_origin(existing.source)
    return ask_key(prompter), "prompt"


def _checked_key(env: Environment, prompter: Prompter, config: Config, key: str,
                 origin: str, skip: bool) -> tuple[str, str, KeyCheck]:
    """Check the key live; on 401 offer to re-enter it or keep it."""
    base_url = venice_base_url(config)
    while True:
        if skip:
            return key, origin, SKIPPED
        prompter.say("Checking the key with Venice…")
        check = check_key(env, base_url, key)
        prompter.say(check.message)
        if check.status != "rejected":
            return key, origin, check
        answer = prompter.select("The key was rejected. What now?", [
            Choice("re-enter", "Enter a different key"),
            Choice("keep", "Keep this key anyway"),
        ])
        if answer.value == "keep":
            return key, origin, check
        key, origin = ask_key(prompter), "prompt"


def env_shadow_note(env: Environment, key: str) -> str | None:
    """A note when a different VENICE_API_KEY in the environment will win over ``key``."""
    current = env.get("VENICE_API_KEY")
    if current is None or current.strip() == key:
        return None
    return ("Note: a different VENICE_API_KEY is set in your environment and wins over the "
            "stored key; update or unset it.")


def venice_base_url(config: Config) -> str:
    """VENICE_BASE_URL > the config's baseUrl > the default (what the check talks to)."""
    from openclaw_venice_cli.config.loader import DEFAULT_BASE_URL

    provider = config.provider("venice")
    return provider.base_url if provider is not None else DEFAULT_BASE_URL


# Key origins whose key stays where it is (onboarding does not copy it into the config).
KEPT_ELSEWHERE = ("dotenv", "store")


def _store_choice(prompter: Prompter, origin: str, secret_mode: str | None) -> bool:
    if secret_mode is not None:
        return secret_mode == "plaintext"
    if origin == "config":
        return True  # already stored there: keep it where it is
    if origin in KEPT_ELSEWHERE:
        return False  # ~/.openclaw/.env or OpenClaw's store: read from there, not copied
    prompter.say(prompter.style(
        "The config file is readable only by you (0600). Say no to keep the key in your "
        "environment only.", "2"))
    return prompter.confirm("Store the key in the config file?", True)


def run_interactive_setup(env: Environment, prompter: Prompter, config: Config,
                          options: SetupOptions) -> tuple[SetupPlan, KeyCheck]:
    """Ask everything (nothing is written here); return the plan and the key check."""
    from openclaw_venice_cli.catalog.loader import load_catalog

    prompter.note(NOTE_TITLE, NOTE_LINES)
    key, origin = _obtain_key(prompter, config, options.key)
    key, origin, check = _checked_key(env, prompter, config, key, origin, options.skip_health)
    store = _store_choice(prompter, origin, options.secret_mode)
    if not store and env.get("VENICE_API_KEY") is None:
        prompter.say("The key will not be stored: export VENICE_API_KEY in your shell "
                     "profile before using openclaw.")
    shadowed = env_shadow_note(env, key) if store else None
    if shadowed:
        prompter.say(shadowed)
    model_ref = options.model_ref
    if model_ref is None:
        online = check.status in ("ok", "rejected")
        catalog = load_catalog(env, config, refresh=online, network=online)
        prompter.say(describe_catalog(catalog))
        model_ref = pick_model(prompter, catalog, config.default_model_ref())
    return SetupPlan(key if store else None, store, model_ref), check


def write_setup(env: Environment, plan: SetupPlan) -> tuple[WriteResult, SetupOutcome]:
    """The one config write (locked, atomic, backed up; skipped when nothing changes)."""
    from openclaw_venice_cli.config.writer import update_config

    outcome: list[SetupOutcome] = []

    def mutate(raw: dict[str, Any]) -> None:
        outcome[:] = [apply_venice_setup(raw, plan)]

    result = update_config(env, mutate)
    return result, outcome[0]


def report_setup(env: Environment, out: TextIO, result: WriteResult,
                 outcome: SetupOutcome) -> None:
    """What the set-up wrote: its notes, ``Updated config: …`` and the default model."""
    from openclaw_venice_cli.config.writer import print_write_result

    for note in outcome.notes:
        out.write(note + "\n")
    print_write_result(env, result, stream=out)
    kept = " (kept; pass --model to change it)" if outcome.kept_primary else ""
    out.write(f"Default model: {outcome.primary}{kept}\n")
    out.flush()
