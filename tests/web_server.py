"""A news site on the loopback address, for tests that fetch: pages, RSS and Atom feeds, an OPML file, a
page that changes, a 404, a 503, a redirect loop, a slow page, a huge page and a binary file. Nothing in the
suite reaches the internet."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

WEB = Path(__file__).resolve().parent / "web"
EDITED_PARAGRAPH = (
    "<p>Debris from a downed drone damaged two houses and a school in a village outside the capital, the"
    " regional governor said. One man was lightly injured.</p>"
)


@dataclass
class NewsSite:
    """The running server: its address, the pages it serves (changeable), and the requests it had."""

    base: str
    pages: dict[str, tuple[str, bytes]]
    requests: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)

    def url(self, path: str) -> str:
        return self.base + path

    def edit_drones_story(self) -> None:
        """The outlet edits the story after publication, without saying so."""
        kind, body = self.pages["/news/drones.html"]
        old = body.split(b"<p>Debris", 1)[1].split(b"</p>", 1)[0]
        self.pages["/news/drones.html"] = (kind, body.replace(b"<p>Debris" + old + b"</p>", EDITED_PARAGRAPH.encode()))


def _site_pages(base: str) -> dict[str, tuple[str, bytes]]:
    def read(name: str) -> bytes:
        return (WEB / name).read_bytes()

    html = "text/html; charset=utf-8"
    old_story = read("grain.html").decode().replace("Grain ships leave Odesa", "Port of Odesa reopens")
    return {
        "/news/drones.html": (html, read("drones.html")),
        # Declared in the markup only (no charset in the header), and not UTF-8.
        "/news/grain.html": ("text/html", read("grain.html").decode().encode("cp1252")),
        # Chinese, written without spaces between words, in GBK as its markup declares.
        "/news/zh.html": ("text/html", read("zh.html").decode().encode("gbk")),
        "/news/old.html": (html, old_story.encode()),
        "/feeds/world.rss": ("application/rss+xml", read("rss.xml")),
        "/feeds/atom.xml": ("application/atom+xml", read("atom.xml")),
        # The world feed's entries again, and three whose links are no web address to fetch: a guid that is
        # no permalink, a javascript: link and a file: link (each with a guid that must not stand in).
        "/feeds/copy.rss": (
            "application/rss+xml",
            read("rss.xml").replace(
                b"</channel>",
                b'<item><title>Id only</title><guid isPermaLink="false">f4</guid></item>'
                b"<item><title>Script</title><link>javascript:alert(1)</link><guid>f1</guid></item>"
                b"<item><title>File</title><link>file:///etc/passwd</link><guid>f2</guid></item></channel>",
            ),
        ),
        # One entry the site has, one it answers 404 for.
        "/feeds/half.rss": (
            "application/rss+xml",
            (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Half Wire</title><link>{base}/</link>'
                "<item><title>Drones</title><link>{base}/news/drones.html</link></item>"
                "<item><title>Gone</title><link>{base}/news/gone.html</link></item>"
                "</channel></rss>"
            )
            .replace("{base}", base)
            .encode(),
        ),
        # One entry whose server fails (503), which may pass.
        "/feeds/busy.rss": (
            "application/rss+xml",
            (
                '<?xml version="1.0"?><rss version="2.0"><channel><title>Busy Wire</title><link>{base}/</link>'
                "<item><title>Busy</title><link>{base}/busy.html</link></item>"
                "</channel></rss>"
            )
            .replace("{base}", base)
            .encode(),
        ),
        "/feeds.opml": ("text/x-opml", read("feeds.opml").replace(b"{base}", base.encode())),
        "/world/": (
            html,
            b'<html><head><link rel="alternate" type="application/rss+xml" href="/feeds/world.rss">'
            b"</head><body><p>World news</p></body></html>",
        ),
        # A site's login page: a menu and a form, no article.
        "/login.html": (
            html,
            b"<html><head><title>Login</title></head><body><nav><a href='/'>Home</a> <a href='/about'>About</a>"
            b" <a href='/contact'>Contact</a></nav><form><input name='user'><input type='password'></form>"
            b"</body></html>",
        ),
        "/empty.html": (html, b"<html><body><nav><a href='/'>Home</a></nav></body></html>"),
        "/picture.png": ("image/png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        "/download": ("application/octet-stream", b"\x00\x01\x02binary"),
    }


class _Handler(BaseHTTPRequestHandler):
    site: NewsSite

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        self.site.requests[path] += 1
        if path == "/loop":
            return self._redirect("/loop-again")
        if path == "/loop-again":
            return self._redirect("/loop")
        if path == "/moved":
            return self._redirect("/news/drones.html")
        if path == "/to-a-file":
            return self._redirect("file:///etc/passwd")
        if path == "/busy.html":
            self.send_error(503, "Service Unavailable")
            return None
        if path == "/silent.html":
            # Takes the request and says nothing for a minute: no byte for a time-out to count from.
            time.sleep(60)
            return None
        if path == "/slow.html":
            time.sleep(3)
            return self._send("text/html", b"<html><body><p>Too late.</p></body></html>")
        if path == "/cut-off.html":
            # Declares the whole page and closes after its first part, as a connection dropped in transit.
            kind, body = self.site.pages["/news/drones.html"]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 3])
            self.close_connection = True
            return None
        if path == "/trickle.html":
            # A byte every 0.2 s for a minute: never silent long enough for the socket's own time-out.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(300):
                    self.wfile.write(b"<")
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                self.site.requests["client hung up on /trickle.html"] += 1
            return None
        if path == "/huge.html":
            # No Content-Length: the limit must hold while the bytes arrive.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"words and more words " * 500 + b"</p>\n"
            try:
                for _ in range(400):  # some 4 MB
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client hung up at its limit
            return None
        if path not in self.site.pages:
            self.send_error(404, "Not Found")
            return None
        kind, body = self.site.pages[path]
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.site.not_modified[path] += 1
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        return self._send(kind, body, etag)

    def _send(self, kind: str, body: bytes, etag: str | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        try:
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up first (the slow page)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def serve_news_site() -> Iterator[NewsSite]:
    """Start the site on 127.0.0.1 (a free port) in a thread; stop it when the generator is closed."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    site = NewsSite(base, _site_pages(base))
    _Handler.site = site
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
