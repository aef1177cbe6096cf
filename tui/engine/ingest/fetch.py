"""Fetching web pages and feeds, politely and as untrusted input: one request at a time per host with a
pause between them, a user agent naming cyberread, timeouts, a size limit enforced while reading, only
http(s) (redirects included), and no private or local address unless the user allows it."""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .connections import opener, this_request
from .decode import ArticleError, decode_declared, describe_size
from .fetch_errors import FetchCancelled, FetchError
from .policy import USER_AGENT as USER_AGENT
from .policy import FetchPolicy

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        # Many servers send feeds as plain text; feedparser still reads them, and says when they are none.
        "text/plain",
        "application/octet-stream",
    }
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_BLOCK = 64 * 1024


_WATCH_SECONDS = 0.2


@dataclass(frozen=True)
class Page:
    """What a server answered: the bytes of a page (status 200), or that it has not changed (304)."""

    url: str
    """The address asked for."""
    final_url: str
    """The address answered from, after redirects."""
    status: int
    content_type: str = ""
    charset: str | None = None
    data: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The page decoded: the charset the server declared, else the one its markup declares, else
        detected as for a file. Raises ArticleError for bytes that are no text."""
        charset = self.charset
        if charset is None and (found := _META_CHARSET.search(self.data[:4096])):
            charset = found[1].decode("ascii")
        return decode_declared(self.data, charset)


def web_address(text: str) -> str | None:
    """`text` as an address to fetch when it is one (http or https, with a host), else None."""
    text = text.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))


def looks_like_address(text: str) -> bool:
    """Whether the user meant `text` as an address (scheme://...), even one cyberread will not fetch."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text.strip()) is not None


class Fetcher:
    """Fetches addresses under a FetchPolicy; safe to share between threads (requests to one host wait
    for each other)."""

    def __init__(self, policy: FetchPolicy | None = None, cancelled: Callable[[], bool] | None = None) -> None:
        """`cancelled`: asked while a request is under way (every 0.2 s, and as a page arrives); once it
        says so, the fetcher stops as `stop` does."""
        self.policy = policy or FetchPolicy()
        self.cancelled = cancelled
        self._stopped = threading.Event()
        self._opened: dict[int, set[socket.socket]] = {}  # each request's sockets, by the id of its set
        self._lock = threading.Lock()
        self._hosts: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._opener = opener(self.policy.allow_private)

    def get(
        self,
        url: str,
        accept: frozenset[str] = HTML_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> Page:
        """The page at `url`, or FetchError with a one-line reason. With `etag` or `last_modified` (from
        an earlier answer) the server may answer 304: nothing changed."""
        try:
            address = web_address(url)
        except ValueError as error:  # "https://[::1": urlsplit's own complaint, said as the address's
            raise FetchError(f"not a web address ({str(error).lower()})") from None
        if address is not None and any(char.isspace() or not char.isprintable() for char in address):
            # http.client refused it as "the server's answer could not be read (InvalidURL)".
            raise FetchError("not a web address: it holds a space or an invisible character (a space is %20)")
        if address is None:
            scheme = urlsplit(url.strip()).scheme
            if scheme.casefold() in ("http", "https"):
                raise FetchError("not a web address: it names no host")
            if scheme and looks_like_address(url):
                raise FetchError(f"not fetched: only http and https addresses are, not {scheme}:")
            raise FetchError("not a web address")
        parts = urlsplit(address)
        if parts.username is not None or parts.password is not None:
            # urllib would look the "user:pass@host" up as a host name ("no such host").
            raise FetchError("not fetched: the address holds a user name or password, which cyberread does not send")
        headers = {
            "User-Agent": self.policy.user_agent,
            "Accept": ", ".join(sorted(accept)) + ", */*;q=0.1",
            # Compressed answers would have to be limited again after inflating; plain bytes are limited as read.
            "Accept-Encoding": "identity",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = (urlsplit(address).hostname or "").lower()
        with self._turn(host):
            return self._get(address, headers, accept)

    @contextmanager
    def _turn(self, host: str) -> Iterator[None]:
        """One request at a time to `host`, each starting host_delay seconds after the last ended."""
        with self._lock:
            lock = self._hosts.setdefault(host, threading.Lock())
        with lock:
            wait = self._last.get(host, -1e9) + self.policy.host_delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._last[host] = time.monotonic()

    def stop(self) -> None:
        """Stop every request under way at once and refuse those after (FetchCancelled). A server that
        accepted the connection and says nothing kept a request waiting for the whole time-out (20 s),
        and the cancel, the Ctrl-C or the quit with it: the sockets are shut from here, which ends the
        wait in the thread reading them."""
        self._stopped.set()
        with self._lock:
            sockets = [sock for opened in self._opened.values() for sock in opened]
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # closed already

    def _is_stopped(self) -> bool:
        return self._stopped.is_set() or (self.cancelled is not None and self.cancelled())

    def _watch(self, done: threading.Event) -> None:
        """Stop the fetcher once `cancelled` says so, until the request is done."""
        while not done.wait(_WATCH_SECONDS):
            if self.cancelled is not None and self.cancelled():
                self.stop()
                return

    def _get(self, address: str, headers: dict[str, str], accept: frozenset[str]) -> Page:
        if self._is_stopped():
            raise FetchCancelled()
        opened: set[socket.socket] = set()
        this_request.opened = opened
        with self._lock:
            self._opened[id(opened)] = opened
        done = threading.Event()
        if self.cancelled is not None:
            threading.Thread(target=self._watch, args=(done,), name="cyberread-fetch-watch", daemon=True).start()
        try:
            page = self._answer(address, headers, accept)
            if self._is_stopped():  # the socket shut under the download reads as the page's end
                raise FetchCancelled()
            return page
        except FetchError:
            if self._is_stopped():
                raise FetchCancelled() from None
            raise
        finally:
            done.set()
            this_request.opened = None
            with self._lock:
                del self._opened[id(opened)]

    def _answer(self, address: str, headers: dict[str, str], accept: frozenset[str]) -> Page:
        policy = self.policy
        request = urllib.request.Request(address, headers=headers)
        try:
            response = self._opener.open(request, timeout=policy.timeout)
        except urllib.error.HTTPError as error:
            error.close()
            if error.code == 304:
                return Page(address, error.url or address, 304)
            raise FetchError(_http_reason(error), transient=_transient_status(error.code)) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, FetchError):  # refused by this fetcher's own checks
                raise error.reason from None
            raise FetchError(_connection_reason(error.reason, policy.timeout), transient=True) from None
        except TimeoutError:
            raise FetchError(f"timed out after {policy.timeout:g} s", transient=True) from None
        except (http.client.HTTPException, OSError, ValueError) as error:
            reason = f"the server's answer could not be read ({type(error).__name__})"
            raise FetchError(reason, transient=True) from None
        with response:
            info: Message = response.headers
            declared = info.get("Content-Type")
            content_type = info.get_content_type() if declared else ""
            if declared and not _accepted(content_type, accept):
                raise FetchError(f"not {_wanted(accept)} (the server says {content_type})")
            length = info.get("Content-Length", "")
            if length.isdigit() and int(length) > policy.max_bytes:
                raise FetchError(
                    f"too large: {describe_size(int(length))}, over the {describe_size(policy.max_bytes)} limit"
                )
            data = _read_limited(
                response, policy.max_bytes, time.monotonic() + 2 * policy.timeout, policy.timeout, self.cancelled
            )
            if not declared and not data.lstrip()[:1] == b"<":
                raise FetchError(f"not {_wanted(accept)} (no type given, and it does not start as markup)")
            return Page(
                url=address,
                final_url=response.geturl(),
                status=response.status,
                content_type=content_type,
                charset=info.get_content_charset(),
                data=data,
                etag=info.get("ETag"),
                last_modified=info.get("Last-Modified"),
                headers={key.lower(): value for key, value in info.items()},
            )


def _read_limited(
    response: Any, limit: int, deadline: float, timeout: float, cancelled: Callable[[], bool] | None = None
) -> bytes:
    """The body, refused as soon as it passes `limit` bytes or its download passes `deadline` (a server
    trickling a byte at a time never trips the socket's own timeout), or as soon as `cancelled` says
    so; and refused when the server closes before sending the length it declared."""
    data = bytearray()
    try:
        # read1: what has arrived, at most a block. read() waits for the whole block, which a server
        # trickling a byte a second took minutes to fill, the deadline unasked meanwhile.
        while block := response.read1(min(_BLOCK, limit + 1 - len(data))):
            data += block
            if len(data) > limit:
                raise FetchError(f"too large: over the {describe_size(limit)} limit")
            if time.monotonic() > deadline:
                raise FetchError(f"timed out: the page took over {2 * timeout:g} s to arrive", transient=True)
            if cancelled is not None and cancelled():
                raise FetchError("cancelled")
            if len(data) == limit + 1:
                break
    except TimeoutError:
        raise FetchError(f"timed out after {timeout:g} s", transient=True) from None
    except (http.client.HTTPException, OSError) as error:
        raise FetchError(f"the download broke off ({type(error).__name__})", transient=True) from None
    missing = getattr(response, "length", None)
    if isinstance(missing, int) and missing > 0 and len(data) <= limit:
        # A page cut off in transit is no article: saved, it became the article's newest version.
        raise FetchError(
            f"the download broke off: {describe_size(len(data))} of the {describe_size(len(data) + missing)}"
            " the server announced arrived",
            transient=True,
        )
    return bytes(data)


def _accepted(content_type: str, accept: frozenset[str]) -> bool:
    # Feeds come under many names (application/x-rss+xml, text/rss+xml): any XML is worth parsing.
    xml = content_type.endswith(("+xml", "/xml")) and not accept.isdisjoint(FEED_TYPES)
    return content_type in accept or xml


def _wanted(accept: frozenset[str]) -> str:
    return "an HTML page" if accept == HTML_TYPES else "a feed"


def _http_reason(error: urllib.error.HTTPError) -> str:
    if error.code in (301, 302, 303, 307, 308):
        return "too many redirects (a redirect loop?)"
    if error.code == 404:
        return "not found (HTTP 404)"
    if error.code == 410:
        return "gone (HTTP 410)"
    if error.code in (401, 403):
        return f"refused by the server (HTTP {error.code})"
    return f"the server answered HTTP {error.code}"


def _transient_status(code: int) -> bool:
    """Whether an HTTP error may pass by itself: the server's own (5xx), a time-out, or "too many
    requests" (429) and "too early" (425), which ask the client to come back."""
    return code >= 500 or code in (408, 425, 429)


def _connection_reason(reason: object, timeout: float) -> str:
    if isinstance(reason, FetchError):
        return str(reason)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timed out after {timeout:g} s"
    if isinstance(reason, socket.gaierror):
        return "no such host"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError):
        return f"cannot connect ({(reason.strerror or str(reason)).lower()})"
    return f"cannot connect ({reason})"


__all__ = [
    "FEED_TYPES",
    "HTML_TYPES",
    "ArticleError",
    "FetchCancelled",
    "FetchError",
    "FetchPolicy",
    "Fetcher",
    "Page",
    "looks_like_address",
    "web_address",
]
