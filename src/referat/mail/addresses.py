"""Whether an e-mail address can be used: the one test tjek (personer.yaml) and the letter
makers share.

The standard library alone (no DNS, nothing fetched): a dot-atom local part of RFC 5322's
ASCII characters, and a domain of at least two labels of letters, digits and hyphens, where a
label with æ, ø or å (an IDN such as ærø.dk) counts by its IDNA form. A quoted local part or an
address literal ([192.0.2.1]) is legal but never what a member of a working group has, so it
is refused: an address that passes here is one every mail server takes.
"""

from __future__ import annotations

import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*\Z")
_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
_TLD = re.compile(r"(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})\Z")


def usable(address: str) -> bool:
    """True when address is one mailbox a server will take: local@domain.tld, nothing around it."""
    local, at, domain = address.rpartition("@")
    if not at or not local or len(local) > 64 or len(address) > 254 or not _LOCAL.match(local):
        return False
    ascii_domain = ascii_form(domain)
    if ascii_domain is None:
        return False
    labels = ascii_domain.split(".")
    return len(labels) >= 2 and all(_LABEL.match(label) for label in labels) and bool(_TLD.match(labels[-1]))


def ascii_form(domain: str) -> str | None:
    """domain as the DNS knows it (ærø.dk -> xn--r-1ga5a.dk), or None when it cannot be one."""
    if domain.isascii():
        return domain
    try:
        return domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
