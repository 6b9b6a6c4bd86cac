"""Which proxy a request goes through, from the run's variables (pure, no I/O).

The HTTP client is built with ``trust_env=False``: proxies come from the *Environment's*
variables (so a test's in-process run sees its own), with curl's rules:
``https_proxy``/``HTTPS_PROXY`` for https, ``http_proxy``/``HTTP_PROXY`` for http,
``all_proxy``/``ALL_PROXY`` for both (lower case first); ``NO_PROXY`` lists hosts
(``example.com`` covers its subdomains, ``.example.com`` too, ``*`` everything,
``host:port``, IP addresses and CIDR ranges). Loopback hosts never use a proxy.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from openclaw_venice_cli.netloc import is_loopback_host, mask_userinfo

SUPPORTED_SCHEMES = ("http", "https")


def _variable(environ: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        for spelling in (name.lower(), name.upper()):
            value = environ.get(spelling)
            if value and value.strip():
                return value.strip()
    return None


def _address_in(host: str, entry: str) -> bool:
    """``host`` (an IP address) within ``entry`` (an address or a CIDR range)."""
    import ipaddress

    try:
        address = ipaddress.ip_address(host)
        return address in ipaddress.ip_network(entry, strict=False)
    except ValueError:
        return False


def bypassed(host: str, port: int | None, no_proxy: str | None) -> bool:
    """True when ``NO_PROXY`` (comma- or space-separated) covers ``host[:port]``."""
    if not no_proxy:
        return False
    host = host.lower().strip("[]").rstrip(".")
    for raw in no_proxy.replace(" ", ",").split(","):
        entry = raw.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        entry_port: int | None = None
        if entry.count(":") == 1 and entry.rsplit(":", 1)[1].isdigit():
            entry, port_text = entry.rsplit(":", 1)
            entry_port = int(port_text)
        if entry_port is not None and port is not None and entry_port != port:
            continue
        entry = entry.strip("[]").removeprefix("*").lstrip(".").rstrip(".")
        if not entry:
            continue
        if host == entry or host.endswith("." + entry) or _address_in(host, entry):
            return True
    return False


def proxy_for(url: str, environ: Mapping[str, str]) -> str | None:
    """The proxy URL requests to ``url`` go through, or ``None`` (direct)."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or is_loopback_host(host):
        return None
    if bypassed(host, port, _variable(environ, "no_proxy")):
        return None
    proxy = _variable(environ, f"{parts.scheme}_proxy", "all_proxy")
    if proxy is None:
        return None
    return proxy if "://" in proxy else "http://" + proxy


def proxy_scheme_error(proxy: str) -> str | None:
    """A sentence when ``proxy`` uses a scheme the client cannot speak (SOCKS), else None."""
    scheme = proxy.split("://", 1)[0].lower()
    if scheme in SUPPORTED_SCHEMES:
        return None
    return (f"The proxy {mask_userinfo(proxy)} uses {scheme}://, which openclaw does not "
            "support; use an http:// or https:// proxy, or add the host to NO_PROXY.")
