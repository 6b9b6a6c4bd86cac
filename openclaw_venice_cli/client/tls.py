"""TLS settings of the HTTP client: the CA bundle from the run's variables (pure).

The client is built with ``trust_env=False`` (proxies come from the Environment, see
``client/proxy.py``), so ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` are read here instead.
"""

from __future__ import annotations

import ssl
from collections.abc import Mapping

from openclaw_venice_cli.client.failures import reason
from openclaw_venice_cli.errors import UsageError


def no_trust_context() -> ssl.SSLContext:
    """For plain-http base URLs: a verifying TLS context with no trust anchors.

    It skips loading the CA bundle (100+ ms) and fails closed if TLS were ever attempted.
    """
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def verify_context(environ: Mapping[str, str]) -> ssl.SSLContext | bool:
    """``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` from the run's variables, else ``True``
    (httpx's default: certifi's CA bundle)."""
    cafile, capath = environ.get("SSL_CERT_FILE"), environ.get("SSL_CERT_DIR")
    if not (cafile or capath):
        return True
    try:
        return ssl.create_default_context(cafile=cafile or None, capath=capath or None)
    except (OSError, ssl.SSLError) as error:
        name = "SSL_CERT_FILE" if cafile else "SSL_CERT_DIR"
        raise UsageError(f"{name} cannot be used: {reason(error)}") from error
