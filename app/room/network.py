"""Which address the room listens on: the laptop's address on the room's network, found
without sending anything (a UDP socket's connect() only asks the routing table), and what to
say when there is none."""
from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class Address:
    ip: str
    advice: str  # "" when all looks well, else what the facilitator should know


def lan_address() -> Address:
    """The address phones can reach, or loopback with the reason when there is no network."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # Any routable address does: a UDP connect only picks the interface, no packet leaves.
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737)
        ip = probe.getsockname()[0]
    except OSError:
        ip = "127.0.0.1"
    finally:
        probe.close()
    return Address(ip, advice_for(ip))


def advice_for(ip: str) -> str:
    address = ipaddress.ip_address(ip)
    if address.is_loopback:
        return ("This laptop is on no network: phones cannot reach it. Join the room's Wi-Fi, "
                "or turn on the laptop's hotspot and let the phones join that.")
    if address.is_link_local:
        return ("This laptop has no address from the network (169.254…): the Wi-Fi gave it none. "
                "Try the laptop's hotspot.")
    if not address.is_private:
        return ""
    return ("If phones cannot open the link, the Wi-Fi probably keeps devices apart (guest and "
            "hotel networks do): turn on the laptop's hotspot and let the phones join that.")
