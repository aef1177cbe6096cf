"""Feeds: RSS 0.9x/1.0/2.0 and Atom read with feedparser, the feed an HTML page links to, and OPML, the
list of feeds every feed reader exchanges. Everything here is untrusted input."""

from __future__ import annotations

import datetime as dt
import html
import re
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from urllib.parse import urljoin
from xml.sax import SAXException, SAXParseException

from .clean import single_line
from .fetch import web_address
from .links import page_links

FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
MAX_OPML_BYTES = 5 * 1024 * 1024


class FeedError(Exception):
    """Bytes that are no feed, or an OPML file that cannot be read; one line."""


@dataclass(frozen=True)
class FeedEntry:
    link: str
    """The address of the full article (http or https)."""
    title: str | None
    published: str | None
    """ISO date (YYYY-MM-DD) the entry says it was published or last updated, if it says."""
    updated: str | None
    """The entry's own last-updated stamp as the feed gives it, to notice an entry that changed."""


@dataclass(frozen=True)
class Feed:
    title: str | None
    site: str | None
    entries: list[FeedEntry]
    skipped: int = 0
    """Entries left out for a link that is no web address (file:, javascript:), or for none at all."""
    broken: str | None = None
    """Why the feed is not well-formed XML, where its entries were read all the same (as readers do)."""

    @property
    def warning(self) -> str:
        """What following it should say besides its entries: "" for a sound feed."""
        notes = []
        if self.broken:
            notes.append(f"the feed is not well-formed XML ({self.broken}): its entries were read as far as it goes")
        if self.skipped:
            notes.append(f"{self.skipped} listed with no web address to fetch")
        return "; ".join(notes)


def parse_feed(data: bytes, url: str, content_type: str = "") -> Feed:
    """The entries of the feed in `data`, fetched from `url`. Raises FeedError when it is not a feed."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:  # feedparser reads hostile XML; any failure is this feed's
        raise FeedError(f"not a feed that can be read ({type(error).__name__})") from None
    if not parsed.get("version") and not parsed.entries:
        raise FeedError("not an RSS or Atom feed")
    broken = parsed.get("bozo_exception")
    if isinstance(broken, SAXException) and not parsed.entries:
        # A feed cut off in transit or broken past reading ("<rss><channel><title>Trunc") was followed as
        # a feed of no entries. One that is broken but still lists entries is read, as readers do; other
        # complaints (no content type given) are no breakage.
        raise FeedError(f"not well-formed XML and no entries could be read ({_flaw(broken)})")
    entries = []
    seen: set[str] = set()
    skipped = 0
    for entry in parsed.entries:
        link = _entry_link(entry, url)
        if link is None:
            skipped += 1
            continue
        if link in seen:
            continue
        seen.add(link)
        # dict.get: feedparser's own get() would map a missing `updated` to `published`, with a warning.
        stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
        entries.append(
            FeedEntry(
                link=link,
                title=_title(entry),
                published=_iso_date(stamp),
                updated=str(dict.get(entry, "updated") or dict.get(entry, "published") or "")[:100] or None,
            )
        )
    feed = parsed.get("feed", {})
    site = web_address(urljoin(url, str(feed.get("link") or ""))) if feed.get("link") else None
    title = _title(feed)
    flaw = _flaw(broken) if isinstance(broken, SAXException) else None
    return Feed(title=title, site=site, entries=entries, skipped=skipped, broken=flaw)


def _title(item: dict[str, object]) -> str | None:
    """The title of a feed or entry as text: Atom's `type="html"` (and `xhtml`) titles come from
    feedparser as markup, "Atom <b>Feed</b> &amp; co", which was shown and exported as it stood."""
    title = str(item.get("title") or "")
    detail = item.get("title_detail")
    kind = detail.get("type", "") if isinstance(detail, dict) else ""
    if kind in ("text/html", "application/xhtml+xml") and ("<" in title or "&" in title):
        title = html.unescape(_TAG.sub("", title))
    return single_line(title) or None


_TAG = re.compile(r"<[^>]*>")


def _flaw(error: SAXException) -> str:
    """An XML error as a reader says it: "line 2, column 43: not well-formed (invalid token)"."""
    if isinstance(error, SAXParseException):
        return single_line(f"line {error.getLineNumber()}, column {error.getColumnNumber()}: {error.getMessage()}", 80)
    return single_line(str(error), 80)


def _entry_link(entry: dict[str, object], base: str) -> str | None:
    """The address of an entry's article: its link (relative ones read against the feed's address), or
    an id that is itself a web address. An id is a name, not a link: `<guid isPermaLink="false">f4</guid>`
    was fetched as the feed's folder's "f4"; and an entry whose link is no web address (file:,
    javascript:) has none, rather than its id's."""
    candidates = [entry.get("link")]
    links = entry.get("links")
    if isinstance(links, list):
        candidates += [link.get("href") for link in links if isinstance(link, dict) and link.get("rel") == "alternate"]
    given = [candidate.strip() for candidate in candidates if isinstance(candidate, str) and candidate.strip()]
    if given:
        return next(filter(None, (web_address(urljoin(base, link)) for link in given)), None)
    entry_id = entry.get("id")
    return web_address(entry_id) if isinstance(entry_id, str) else None


def _iso_date(stamp: object) -> str | None:
    if not isinstance(stamp, time.struct_time):
        return None
    try:
        return dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday).isoformat()
    except ValueError:
        return None


def feed_links(html: str, base: str) -> list[str]:
    """The feeds an HTML page links to (`<link rel="alternate" type="application/rss+xml" href=...>`), as
    absolute http(s) addresses, in the page's order."""
    addresses = [
        web_address(link.href)
        for link in page_links(html, base)
        if "alternate" in link.rels and link.type in FEED_LINK_TYPES
    ]
    return list(dict.fromkeys(address for address in addresses if address))


@dataclass(frozen=True)
class OutlineFeed:
    url: str
    title: str | None


def read_opml(data: bytes) -> tuple[list[OutlineFeed], list[str]]:
    """The feeds an OPML file lists (every outline with an xmlUrl, at any depth), and the xmlUrls that are
    no web address (file:///etc/passwd), which are not followed."""
    if len(data) > MAX_OPML_BYTES:
        raise FeedError(f"larger than {MAX_OPML_BYTES // (1024 * 1024)} MB; not an OPML file")
    # Entity declarations are what XML bombs are made of, and OPML never needs them.
    if b"<!ENTITY" in data or b"<!entity" in data:
        raise FeedError("declares XML entities; not read")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise FeedError(f"not valid XML ({error})") from None
    if root.tag.lower() != "opml":
        raise FeedError(f"not an OPML file (its root is <{single_line(root.tag, 40)}>)")
    feeds = []
    skipped = []
    for outline in root.iter():
        if not isinstance(outline.tag, str) or outline.tag.lower() != "outline":
            continue
        attributes = {name.lower(): value for name, value in outline.attrib.items()}
        given = attributes.get("xmlurl", "")
        address = web_address(given)
        if address:
            title = attributes.get("title") or attributes.get("text")
            feeds.append(OutlineFeed(address, single_line(title) or None if title else None))
        elif given.strip():
            skipped.append(single_line(given, 80))
    return list({feed.url: feed for feed in feeds}.values()), skipped


def write_opml(feeds: list[OutlineFeed], title: str = "cyberread feeds") -> str:
    """An OPML 2.0 document listing `feeds`; every feed reader imports it."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    body = ElementTree.SubElement(root, "body")
    for feed in feeds:
        name = feed.title or feed.url
        ElementTree.SubElement(body, "outline", type="rss", text=name, title=name, xmlUrl=feed.url)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
