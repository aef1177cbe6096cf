"""Bringing web pages and feeds into the library: each address fetched (politely, see engine.ingest.fetch)
and cleaned, a page whose text changed since it was last fetched kept as a new version, each failure one
line naming its address."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from ..engine.ingest.articles import Article, ArticleError, parse_page
from ..engine.ingest.feeds import Feed, FeedError, OutlineFeed, feed_links, parse_feed, read_opml
from ..engine.ingest.fetch import FEED_TYPES, HTML_TYPES, FetchCancelled, Fetcher, FetchError, Page
from ..engine.text.plural import counted
from .feeds import FeedRow, FeedStore, StoredEntry
from .importing import ImportFailure, ImportReport, store_articles
from .interface import Store

Progress = Callable[[int, int, str], None]
"""Told (done, total, what is asked for now) after each address: the next address waited on, the last
one done once all are. Naming the one just done, a bar stuck on a silent server named a page fetched
long before."""
Cancelled = Callable[[], bool]
_PARALLEL_HOSTS = 4
"""Addresses fetched at once; requests to one host still wait for each other."""
_WAIT_SECONDS = 0.2
"""How often waiting for a page asks whether the work was cancelled."""


def fetch_article(
    fetcher: Fetcher, address: str, etag: str | None = None, last_modified: str | None = None
) -> tuple[Article | None, Page]:
    """The article at `address` (None when, asked with the stamps of an earlier answer, the server says it
    has not changed), and the answer it came in. Raises FetchError or ArticleError with a one-line reason."""
    page = fetcher.get(address, HTML_TYPES, etag, last_modified)
    if page.not_modified:
        return None, page
    return parse_page(page.text(), page.final_url), page


def import_addresses(
    library: Store,
    addresses: Iterable[str],
    fetcher: Fetcher,
    on_done: Progress | None = None,
    cancelled: Cancelled | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Fetch every address and add its article; an address fetched before whose text changed becomes a
    new version of its story. Failures are lines of the report, never stop the rest."""
    report = report or ImportReport()
    report.pending = "the addresses not yet fetched"
    wanted = list(dict.fromkeys(addresses))

    def one(address: str) -> Article:
        article, _ = fetch_article(fetcher, address)
        assert article is not None  # no stamps were sent: the server cannot answer "not modified"
        return article

    for done, (address, future) in enumerate(_each(wanted, one, cancelled, fetcher.stop), 1):
        outcome = _outcome(future)
        if isinstance(outcome, str):
            report.failures.append(ImportFailure(address, outcome))
        else:
            store_articles(library, [outcome], report)
        if on_done:
            on_done(done, len(wanted), wanted[done] if done < len(wanted) else address)
    if cancelled is not None and cancelled():
        report.interrupted = True
    return report


def _each(
    items: list[str], work: Callable[[str], Article], cancelled: Cancelled | None, stop: Callable[[], None]
) -> Iterator[tuple[str, Future[Article]]]:
    """(item, its finished work) for each item, in order, several worked on at once; stops early once
    `cancelled` says so (asked while waiting too) or on an error (a Ctrl-C): the work not yet started
    never starts, and `stop` (the fetcher's) ends what is under way, which the pool waits for. A work
    stopped so is no item's failure and is not given."""
    finished = False
    with ThreadPoolExecutor(_PARALLEL_HOSTS, thread_name_prefix="cyberread-fetch") as pool:
        futures = [(item, pool.submit(work, item)) for item in items]
        try:
            for item, future in futures:
                while not wait([future], timeout=_WAIT_SECONDS).done:
                    if cancelled is not None and cancelled():
                        return
                if isinstance(future.exception(), FetchCancelled) or (cancelled is not None and cancelled()):
                    return
                yield item, future
            finished = True
        finally:
            if not finished:
                for _, future in futures:
                    future.cancel()
                stop()


def _outcome(future: Future[Article]) -> Article | str:
    """The article, or why it could not be had."""
    try:
        return future.result()
    except (FetchError, ArticleError) as error:
        return str(error)
    except Exception as error:  # an extractor bug on one hostile page costs that page only
        return f"could not be read ({type(error).__name__})"


def _transient(future: Future[Article]) -> bool:
    """Whether the work failed for a reason that may pass by itself (FetchError.transient)."""
    error = future.exception()
    return isinstance(error, FetchError) and error.transient


# Feeds


@dataclass
class FeedReport:
    """What `feeds update` did: the articles it added (and new versions), and the lines of what failed."""

    articles: ImportReport = field(default_factory=ImportReport)
    feeds_checked: int = 0
    feeds_unchanged: int = 0
    pages_unchanged: int = 0
    feeds_failed: int = 0
    left_alone: list[StoredEntry] = field(default_factory=list)
    """The entries not asked for, having failed before (StoredEntry.given_up)."""
    skipped: int = 0
    """Entries the feeds list with a link that is no web address (file:, javascript:) or none."""
    undated: int = 0
    """Entries not asked for since they give no date, where only those since a date were wanted."""

    def summary(self, retry: str = "") -> str:
        """One line; what failed is said of feeds and of entries apart ("1 failed" after "1 feed checked
        (1 unchanged)" read as the feed failing, where one of its entries had). `retry`: how to ask for
        the entries left alone again, said where there are some."""
        report = self.articles
        entries_failed = len(report.failures) - self.feeds_failed
        parts = [
            f"{counted(self.feeds_checked, 'feed')} checked ({self.feeds_unchanged} unchanged)",
            f"{counted(report.added, 'new article')}",
            *report.new_versions(),
        ]
        if self.feeds_failed:
            parts.append(f"{counted(self.feeds_failed, 'feed')} failed")
        parts.append(f"{counted(entries_failed, 'entry', 'entries')} failed")
        if self.left_alone:
            why = f": {self.left_alone[0].failure}" if len(self.left_alone) == 1 else ""
            parts.append(
                f"{counted(len(self.left_alone), 'entry', 'entries')} that failed before left alone{why}"
                + (f" ({retry})" if retry else "")
            )
        if self.skipped:
            parts.append(f"{counted(self.skipped, 'entry', 'entries')} skipped: no web address to fetch")
        if self.undated:
            parts.append(f"{counted(self.undated, 'undated entry', 'undated entries')} passed over (--since)")
        if report.interrupted:
            parts.append("interrupted")
        return ", ".join(parts)


def discover_feed(fetcher: Fetcher, address: str) -> tuple[str, Feed]:
    """The feed at `address`, or the first feed the HTML page at `address` links to: (its address, it)."""
    page = fetcher.get(address, FEED_TYPES | HTML_TYPES)
    if page.content_type in HTML_TYPES or (not page.content_type and b"<html" in page.data[:2048].lower()):
        try:
            links = feed_links(page.text(), page.final_url)
        except ArticleError as error:
            raise FeedError(str(error)) from None
        if not links:
            raise FeedError("an HTML page that links no RSS or Atom feed")
        page = fetcher.get(links[0], FEED_TYPES)
    return page.final_url, parse_feed(page.data, page.final_url, page.content_type)


def add_feed(library: Store, fetcher: Fetcher, address: str) -> tuple[FeedRow | None, Feed, str]:
    """Follow the feed at `address` (or linked from it): the feed row (None if already followed), the feed,
    and its address (the page's link to it, where `address` is a page)."""
    url, feed = discover_feed(fetcher, address)
    return FeedStore(library).add(url, feed.title, feed.site, feed.entries), feed, url


def feed_name(feed: Feed, url: str) -> str:
    """A feed as a person reads it: its title and address, or its address alone."""
    return f"{feed.title} ({url})" if feed.title else url


def import_opml(library: Store, data: bytes) -> tuple[int, list[OutlineFeed], list[str]]:
    """Follow every feed an OPML file lists (their entries come with the next update): how many were new,
    the feeds listed, and the outlines skipped as no web address."""
    listed, skipped = read_opml(data)
    store = FeedStore(library)
    added = sum(1 for feed in listed if store.add(feed.url, feed.title, None, []) is not None)
    return added, listed, skipped


def update_feeds(
    library: Store,
    fetcher: Fetcher,
    feeds: list[FeedRow] | None = None,
    since: str | None = None,
    on_done: Progress | None = None,
    cancelled: Cancelled | None = None,
    report: FeedReport | None = None,
    retry: bool = False,
) -> FeedReport:
    """Fetch each feed (a conditional request: an unchanged feed costs one short answer), then each entry
    it lists published since `since` (an ISO date): new entries as full articles, entries fetched before
    again with their own stamps, so an article edited since becomes a new version of its story.
    An entry that failed for good, or too often in a row (StoredEntry.given_up), is left alone unless
    `retry`: a page gone from its site would otherwise fail every update after.
    `report`, where the caller gives one, is filled as the work goes: a Ctrl-C that ends it early
    leaves the caller a true count of what was stored."""
    store = FeedStore(library)
    report = FeedReport() if report is None else report
    feeds = store.all() if feeds is None else feeds
    jobs: list[tuple[FeedRow, str, str | None, str | None]] = []
    for feed in feeds:
        if cancelled is not None and cancelled():
            break
        try:
            page = fetcher.get(feed.url, FEED_TYPES, feed.etag, feed.last_modified)
            if page.not_modified:
                report.feeds_unchanged += 1
                store.checked(feed.id, None, None, None)
            else:
                parsed = parse_feed(page.data, page.final_url, page.content_type)
                store.checked(feed.id, parsed.entries, page.etag, page.last_modified, parsed.title)
                report.skipped += parsed.skipped
        except (FetchError, FeedError, ArticleError) as error:
            report.articles.failures.append(ImportFailure(feed.url, f"feed: {error}"))
            report.feeds_failed += 1
            continue
        report.feeds_checked += 1
        for entry in store.listed(feed.id):
            if since is not None:
                if entry.published is None:
                    report.undated += 1  # "only entries published on or after DATE": this one may not be
                if entry.published is None or entry.published < since:
                    continue
            if entry.given_up and not retry:
                report.left_alone.append(entry)
            else:
                jobs.append((feed, entry.link, entry.etag, entry.last_modified))
    # One fetch an address, however many feeds list it; each of them hears how it went (a second feed
    # listing the same pages counted none of them fetched, and asked for them all again next time).
    owners: dict[str, list[tuple[FeedRow, str | None, str | None]]] = {}
    for feed, link, etag, modified in jobs:
        owners.setdefault(link, []).append((feed, etag, modified))
    stamps: dict[str, Page] = {}

    def one(link: str) -> Article:
        _, etag, modified = owners[link][0]
        article, page = fetch_article(fetcher, link, etag, modified)
        stamps[link] = page
        if article is None:
            raise _Unchanged
        return article

    links = list(owners)
    for done, (link, future) in enumerate(_each(links, one, cancelled, fetcher.stop), 1):
        listing = [feed for feed, _, _ in owners[link]]
        if isinstance(future.exception(), _Unchanged):
            report.pages_unchanged += 1
            for feed in listing:
                store.fetched(feed.id, link, None, stamps[link].etag, stamps[link].last_modified)
        elif isinstance(outcome := _outcome(future), str):
            report.articles.failures.append(ImportFailure(link, outcome))
            for feed in listing:
                store.failed(feed.id, link, outcome, _transient(future))
        else:
            store_articles(library, [outcome], report.articles)
            for feed in listing:
                store.fetched(feed.id, link, outcome.path, stamps[link].etag, stamps[link].last_modified)
        if on_done:
            on_done(done, len(owners), links[done] if done < len(links) else link)
    if cancelled is not None and cancelled():
        report.articles.interrupted = True
    return report


class _Unchanged(Exception):
    """The server said the entry's page has not changed since it was last fetched."""
