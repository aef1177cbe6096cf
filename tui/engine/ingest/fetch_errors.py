"""Why an address could not be fetched: a one-line reason, and whether asking again later may help."""

from __future__ import annotations

from typing import Any


class FetchError(Exception):
    """An address that could not be fetched; the message is one line, the reason without the address.
    `transient`: the failure may pass by itself (a time-out, a connection refused, the server's own
    error or its asking to wait), so the address is worth asking again later; otherwise asking again
    gets the same answer (not found, refused, not a web page, too large) until something changes."""

    def __init__(self, reason: str, *, transient: bool = False) -> None:
        super().__init__(reason)
        self.transient = transient

    def __reduce__(self) -> tuple[Any, ...]:
        return _fetch_error, (str(self), self.transient)


def _fetch_error(reason: str, transient: bool) -> FetchError:
    return FetchError(reason, transient=transient)


class FetchCancelled(FetchError):
    """The request was stopped (Fetcher.stop, or the fetcher's `cancelled` said so): no failure of the
    address, which is neither reported nor counted against it."""

    def __init__(self) -> None:
        super().__init__("cancelled")

    def __reduce__(self) -> tuple[Any, ...]:
        return FetchCancelled, ()
