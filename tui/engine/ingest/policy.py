"""How cyberread behaves towards the servers it asks: the [fetch] settings, apart from the fetching (fetch.py),
so that reading the config does not import HTTP, TLS and email parsing."""

from __future__ import annotations

from dataclasses import dataclass

USER_AGENT = "cyberread/0.1 (a terminal news reader; fetches one page at a time)"


@dataclass(frozen=True)
class FetchPolicy:
    """How cyberread behaves towards the servers it asks (the [fetch] settings)."""

    timeout: float = 20.0
    """Seconds to wait for a connection or for the next bytes; the whole download gets twice as long."""
    max_bytes: int = 10 * 1024 * 1024
    host_delay: float = 1.0
    """Seconds between the end of one request to a host and the start of the next."""
    allow_private: bool = False
    """Whether loopback, private and link-local addresses may be fetched (a page on this machine or network)."""
    user_agent: str = USER_AGENT
