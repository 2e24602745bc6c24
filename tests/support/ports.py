"""Ports on 127.0.0.1 for the servers tests start, and for addresses nothing answers."""

import socket


def free_port() -> int:
    """A 127.0.0.1 port nothing listens on right now: start a server on it, or use it as
    an address that refuses connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def port_is_open(port: int, host: str = "127.0.0.1") -> bool:
    """Something accepts connections there."""
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False
