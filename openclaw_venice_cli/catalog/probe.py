"""``models status --probe``: ask Venice about the key (``GET /api_keys/rate_limits``).

The answer (free, no tokens) says whether the key works, its tier, the balances and the
per-model rate limits. :func:`read_rate_limits` turns Venice's ``data`` object into a
:class:`RateLimits` (every field checked; odd values dropped), shared with onboarding's
key check. Text from the server is cleaned before it is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from openclaw_venice_cli.catalog.model import clean_text
from openclaw_venice_cli.keys import redact_text

if TYPE_CHECKING:
    from openclaw_venice_cli.config.loader import Config
    from openclaw_venice_cli.environment import Environment

PROBE_TIMEOUT = 10.0
MAX_LIMIT_ROWS = 500


class RateLimits(NamedTuple):
    """What Venice says about a key."""

    tier: str | None
    charged: bool | None
    balances: dict[str, float]  # "USD", "DIEM", "BUNDLED_CREDITS"
    access_permitted: bool | None
    key_expiration: str | None
    next_epoch: str | None
    limits: list[tuple[str, str, float]]  # (model id, "RPM"/"TPM"/…, amount)


class Probe(NamedTuple):
    status: str  # "ok" | "rejected" | "unreachable" | "missing"
    message: str  # one line for humans
    limits: RateLimits | None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(
        value, bool) else None


def read_rate_limits(data: Any) -> RateLimits:
    """The ``data`` object of ``GET /api_keys/rate_limits`` (Venice's OpenAPI shape)."""
    data = data if isinstance(data, dict) else {}
    tier = data.get("apiTier") if isinstance(data.get("apiTier"), dict) else {}
    balances = data.get("balances") if isinstance(data.get("balances"), dict) else {}
    limits: list[tuple[str, str, float]] = []
    rows = data.get("rateLimits") if isinstance(data.get("rateLimits"), list) else []
    for row in rows[:MAX_LIMIT_ROWS]:
        model = clean_text(row.get("apiModelId")) if isinstance(row, dict) else None
        entries = row.get("rateLimits") if isinstance(row, dict) else None
        for entry in entries if model and isinstance(entries, list) else []:
            kind = clean_text(entry.get("type")) if isinstance(entry, dict) else None
            amount = _number(entry.get("amount")) if isinstance(entry, dict) else None
            if kind and amount is not None:
                limits.append((str(model), kind, amount))
    access = data.get("accessPermitted")
    charged = tier.get("isCharged")
    return RateLimits(
        tier=clean_text(tier.get("id")),
        charged=charged if isinstance(charged, bool) else None,
        balances={name: amount for name in ("USD", "DIEM", "BUNDLED_CREDITS")
                  if (amount := _number(balances.get(name))) is not None},
        access_permitted=access if isinstance(access, bool) else None,
        key_expiration=clean_text(data.get("keyExpiration")),
        next_epoch=clean_text(data.get("nextEpochBegins")),
        limits=limits,
    )


def money(limits: RateLimits) -> str:
    """``$50.23, 100.02 DIEM`` (empty when Venice sent no balance)."""
    parts = []
    usd = limits.balances.get("USD")
    if usd is not None:
        parts.append(f"-${-usd:,.2f}" if usd < 0 else f"${usd:,.2f}")
    diem = limits.balances.get("DIEM")
    if diem is not None:
        parts.append(f"{diem:,.2f} DIEM")
    return ", ".join(parts)


def probe_venice(env: Environment, config: Config,
                 timeout: float = PROBE_TIMEOUT) -> Probe:
    """One live key check against the configured Venice base URL (no retries)."""
    from openclaw_venice_cli.client.http import ApiClient
    from openclaw_venice_cli.errors import AuthError, OpenclawError

    provider = config.provider("venice")
    if provider is None or provider.api_key is None:
        return Probe("missing", "no Venice API key", None)
    key = provider.api_key.value
    try:
        with ApiClient.for_provider(provider, env, timeout=timeout, max_retries=0,
                                    connect_timeout=min(timeout, 5.0)) as client:
            data = client.check_key(timeout=timeout)
    except AuthError as error:
        return Probe("rejected", redact_text(error.api_message, env.environ, [key]), None)
    except OpenclawError as error:
        return Probe("unreachable", redact_text(str(error), env.environ, [key]), None)
    limits = read_rate_limits(data)
    return Probe("ok", "key accepted", limits)


def _amount(value: float) -> str:
    return f"{int(value):,}" if value == int(value) else f"{value:,}"


def probe_text(probe: Probe, default_model: str) -> str:
    """``Probe (live)`` and one line for Venice."""
    if probe.limits is None:
        return f"\nProbe (live)\n- venice {probe.status} | {probe.message}\n"
    limits = probe.limits
    parts = [f"venice {probe.status}"]
    if limits.tier:
        parts.append(f"tier {limits.tier}")
    if money(limits):
        parts.append(f"balance {money(limits)}")
    if limits.access_permitted is False:
        parts.append("access NOT permitted (balance or key limits)")
    model_id = default_model.split("/", 1)[1] if default_model.startswith("venice/") else ""
    own = [f"{_amount(amount)} {kind}" for model, kind, amount in limits.limits
           if model == model_id]
    models = len({model for model, _, _ in limits.limits})
    if own:
        parts.append(f"limits for {default_model}: {', '.join(own)}")
    if models:
        parts.append(f"rate limits for {models} model{'s' if models != 1 else ''} "
                     "(--json lists them)")
    if limits.key_expiration:
        parts.append(f"key expires {limits.key_expiration}")
    return "\nProbe (live)\n- " + " | ".join(parts) + "\n"


def probe_json(probe: Probe) -> dict[str, Any]:
    limits = probe.limits
    document: dict[str, Any] = {"provider": "venice", "status": probe.status,
                                "message": probe.message}
    if limits is not None:
        document.update({
            "tier": limits.tier, "charged": limits.charged, "balances": limits.balances,
            "accessPermitted": limits.access_permitted,
            "keyExpiration": limits.key_expiration, "nextEpochBegins": limits.next_epoch,
            "rateLimits": [{"model": model, "type": kind, "amount": amount}
                           for model, kind, amount in limits.limits],
        })
    return document
