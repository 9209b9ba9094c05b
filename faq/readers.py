"""Telling anonymous FAQ readers apart without storing who they are."""

import ipaddress
from datetime import timedelta

from django.utils.crypto import salted_hmac

# An anonymous reader's address counts once per entry for this long. Shorter lets a stuffer
# wait it out; longer locks out the next reader behind a reassigned address.
ANONYMOUS_VOTE_WINDOW = timedelta(days=30)

_SALT = "faq.readers.address_key"


def address_key(ip: str | None) -> str:
    """A keyed hash of the reader's network address, or "" when it is unknown.

    Keyed with SECRET_KEY (salted_hmac), because a plain hash of an IPv4 address is undone by
    hashing all four billion of them. IPv6 addresses count per /64: one home or phone line is
    usually given a whole /64, and counting single addresses would let it vote endlessly.
    """
    if not ip:
        return ""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    if address.version == 6:
        address = ipaddress.ip_network(f"{address}/64", strict=False).network_address
    return salted_hmac(_SALT, str(address), algorithm="sha256").hexdigest()
