"""The connections a Fetcher opens: to a public address only, unless the user allows private ones (the
host's addresses are checked before connecting, and the connected socket after); each socket handed to
the request under way in its thread, so that Fetcher.stop can shut it; redirects followed to http(s)
addresses only, five at most."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

from .fetch_errors import FetchError

this_request = threading.local()
"""`opened`: the sockets the request under way in this thread has connected (redirects connect more)."""


def opener(allow_private: bool) -> urllib.request.OpenerDirector:
    """An opener whose connections are guarded so, and which uses no proxy from the environment: a proxy
    would hide the address really asked for, which the check of private addresses needs to see."""
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _GuardedHTTPHandler(allow_private),
        _GuardedHTTPSHandler(allow_private),
        _Redirects(),
    )


def _check_host(host: str, port: int, allow_private: bool) -> None:
    """Refuse, before connecting, a host whose every address is loopback, private or link-local: asked
    only after connecting, "connection refused" on a closed port and "refused: a private address" on an
    open one told which local ports listen, and the user never heard the address was refused for what
    it is. A name that resolves to a public address as well is connected to and checked there
    (_check_peer)."""
    if allow_private:
        return
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return  # connecting says what is wrong with the name
    addresses = {_public_form(ipaddress.ip_address(str(info[4][0]).split("%")[0])) for info in found}
    if addresses and all(not a.is_global or a.is_multicast for a in addresses):
        _refuse(host, min(addresses, key=str))


_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _public_form(address: _Address) -> _Address:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _refuse(host: str, address: _Address) -> None:
    named = host if host == str(address) else f"{host} ({address})"
    raise FetchError(
        # Said in the app too, where no command takes a flag: the config's switch first.
        f"refused: {named} is a private or local address; set fetch.allow_private_addresses in the config"
        " (or, on the command line, pass --allow-private) to fetch it"
    )


def _check_peer(sock: socket.socket, host: str, allow_private: bool) -> None:
    """Refuse a connection that reached a loopback, private, link-local or otherwise non-public address,
    checked on the connected socket itself, so a name that resolves differently a second time cannot
    slip past."""
    if allow_private:
        return
    address = _public_form(ipaddress.ip_address(sock.getpeername()[0].split("%")[0]))
    if not address.is_global or address.is_multicast:
        sock.close()
        _refuse(host, address)


def _guarded(base: type[http.client.HTTPConnection], allow_private: bool) -> Callable[..., http.client.HTTPConnection]:
    class Guarded(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            _check_host(self.host, self.port, allow_private)
            super().connect()
            _check_peer(self.sock, self.host, allow_private)
            opened = getattr(this_request, "opened", None)
            if opened is not None:
                opened.add(self.sock)  # for Fetcher.stop to shut

    return Guarded


class _GuardedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self._connection = _guarded(http.client.HTTPConnection, allow_private)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req)


class _GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(context=self._tls)
        self._connection = _guarded(http.client.HTTPSConnection, allow_private)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self._connection, req, context=self._tls)


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows at most 5 redirects (urllib's default is 10), and only to http(s) addresses (never file:,
    ftp: or data:)."""

    max_redirections = 5
    max_repeats = 2

    def http_error_302(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: http.client.HTTPMessage
    ) -> Any:
        # urllib refuses a few schemes itself, as an HTTP error that reads like a loop: say what it was.
        location = headers.get("Location") or headers.get("URI") or ""
        scheme = urlsplit(urljoin(req.full_url, location.strip())).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirected to a {scheme}: address; not followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        scheme = urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"redirected to a {scheme}: address; not followed")
        return super().redirect_request(req, fp, code, msg, headers, newurl)
