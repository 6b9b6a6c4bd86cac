"""Is a host (or a base URL's host) this machine's loopback? The one predicate for it.

Used for the ``Local`` column of ``models list``, for allowing the key over plain
``http://`` and for bypassing proxies. Loopback means: ``localhost`` or a
``*.localhost`` name (RFC 6761: never resolved outside the machine), an IPv4 address in
127.0.0.0/8 in any form the resolver accepts (``127.1``, ``0x7f.1``, ``2130706433``),
or IPv6 ``::1`` in any spelling (``[0:0:0:0:0:0:0:1]``, ``[::ffff:127.0.0.1]``). A DNS
name that merely contains an address (``127.0.0.1.nip.io``) is not: it could resolve
anywhere.
:func:`mask_userinfo` hides a password in a URL wherever a URL is shown.
Stdlib only; ``ipaddress`` is imported only for a host that looks like an address.
"""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

_IPV4_CHARS = frozenset("0123456789abcdefxABCDEFX.")


def is_loopback_host(host: str) -> bool:
    """True when ``host`` (a hostname or an IP literal, brackets allowed) is loopback."""
    host = host.strip().lower().rstrip(".")
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host == "localhost" or host.endswith(".localhost"):
        return True
    if ":" in host:
        import ipaddress

        try:
            address = ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return False
        mapped = address.ipv4_mapped  # ::ffff:127.0.0.1 reaches 127.0.0.1
        return address.is_loopback or (mapped is not None and mapped.is_loopback)
    if host and set(host) <= _IPV4_CHARS and host[0].isdigit():
        try:  # the resolver's own parser: 127.1, 0x7f.0.0.1 and 2130706433 are 127.0.0.1
            return socket.inet_aton(host)[0] == 127
        except OSError:
            return False
    return False


def is_loopback_url(url: str) -> bool:
    """True when the host of ``url`` is loopback (False for anything unparsable)."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return False
    return is_loopback_host(host) if host else False


def mask_userinfo(url: str) -> str:
    """``https://user:***@host/path``: a password in a URL is never shown.

    A user name without a password is kept; anything unparsable comes back with every
    ``user:pass@`` it seems to hold masked the same way.
    """
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    if "@" not in authority:
        return url
    userinfo, _, host = authority.rpartition("@")
    user, colon, _password = userinfo.partition(":")
    shown = f"{user}:***" if colon else user
    return f"{scheme}://{shown}@{host}{slash}{path}"


def url_password(url: str) -> str | None:
    """The password in ``url``'s userinfo, if any (to register it as a secret)."""
    _scheme, sep, rest = url.partition("://")
    authority = rest.partition("/")[0] if sep else ""
    if "@" not in authority:
        return None
    _user, colon, password = authority.rpartition("@")[0].partition(":")
    return password if colon and password else None
