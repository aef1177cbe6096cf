"""Web pages, feeds and versions: fetching the addresses `add` is given, `versions` of a story fetched
again, and the `feeds` command's actions (add, list, remove, update, import, export)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.text.plural import counted
from ..engine.text.safe import printed_text, terminal_json, terminal_line
from ..store.interface import Store
from .context import CommandError, no_such_article, open_library

if TYPE_CHECKING:
    from ..engine.ingest.fetch import Fetcher
    from ..store.importing import ImportReport


def address_list(name: str) -> list[str]:
    """The addresses in a file ("-": standard input), one a line; blank lines and lines starting with #
    are skipped. A file that is no text is refused whole: a binary file's runs of bytes were each
    taken for a path, and each said so (97 lines of "no such file or folder")."""
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as error:
        raise CommandError(terminal_line(f"{name}: cannot read it ({error.strerror or error})")) from None
    try:
        if b"\x00" in data:
            raise UnicodeDecodeError("utf-8", data, 0, 1, "NUL")
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(terminal_line(f"{name}: not a list of addresses: it is not UTF-8 text")) from None
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _fetcher(args: argparse.Namespace) -> Fetcher:
    from ..engine.ingest.fetch import Fetcher

    policy = args.settings.fetch
    if getattr(args, "allow_private", False):
        policy = dataclasses.replace(policy, allow_private=True)
    return Fetcher(policy)


def fetch_addresses(args: argparse.Namespace, library: Store, addresses: list[str], report: ImportReport) -> None:
    from ..progress import ProgressBar
    from ..store.fetching import import_addresses

    bar = ProgressBar("fetching", len(addresses))
    try:
        import_addresses(
            library, addresses, _fetcher(args), lambda done, _, item: bar.update(done, item), report=report
        )
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        bar.close()


def run_versions(args: argparse.Namespace) -> int:
    with open_library(args.settings) as library:
        article_id = library.resolve(args.article)
        versions = library.versions(article_id) if article_id else []
        if not versions:
            raise no_such_article(library, args.article)
    if args.json:
        print(terminal_json([version.summary() for version in versions]))
        return 0
    for number, version in enumerate(versions, 1):
        mark = "  (current)" if version.current else ""
        print(terminal_line(f"{number}  {version.id}  {version.fetched}  {version.words:>6} words{mark}"))
    return 0


def run_feeds(args: argparse.Namespace) -> int:
    from ..engine.ingest.feeds import FeedError
    from ..engine.ingest.fetch import FetchError

    try:
        with open_library(args.settings) as library:
            return _FEED_ACTIONS[args.feeds_command](args, library)
    except (FeedError, FetchError) as error:
        raise CommandError(
            terminal_line(f"{getattr(args, 'url', None) or getattr(args, 'file', '')}: {error}")
        ) from None


def _feeds_add(args: argparse.Namespace, library: Store) -> int:
    from ..store.fetching import add_feed, feed_name

    row, feed, url = add_feed(library, _fetcher(args), args.url)
    if row is None:
        # The feed, not the address given: a page that links a followed feed is that feed.
        print(terminal_line(f"already following {feed_name(feed, url)}"))
        return 0
    # Allowed once, a private address is refused by the next update unless it is allowed again (or the
    # config allows them all): the command named must be one that works.
    once = getattr(args, "allow_private", False) and not args.settings.fetch.allow_private
    update = "`cyberread feeds update --allow-private`" if once else "`cyberread feeds update`"
    print(
        terminal_line(
            f"following {row.title or row.url} ({row.url}): {counted(len(feed.entries), 'entry', 'entries')};"
            f" {update} fetches them"
        )
    )
    if feed.warning:
        print(terminal_line(f"note: {feed.warning}"))
    return 0


def _feeds_list(args: argparse.Namespace, library: Store) -> int:
    from ..store.feeds import FeedStore

    feeds = FeedStore(library).all()
    if args.json:
        print(terminal_json([feed.summary() for feed in feeds]))
        return 0
    if feeds:
        # In the order followed, so that the numbers `feeds remove` and `feeds update` take run in order.
        feeds = sorted(feeds, key=lambda feed: feed.id)
        print(f"{'#':>3}  {'fetched/listed':<14}  {'last checked':<16}  feed")
    for feed in feeds:
        checked = (feed.checked or "never")[:16].replace("T", " ")
        line = f"{feed.id:>3}  {feed.fetched:>7}/{feed.entries:<6}  {checked:<16}  {feed.title or '-'}  {feed.url}"
        print(terminal_line(line))
    if not feeds:
        print("no feeds yet: `cyberread feeds add URL` follows one")
    failing = sum(feed.failing for feed in feeds)
    if failing:
        print(
            f"{counted(failing, 'entry', 'entries')} failed when last asked for;"
            " `feeds update --retry` asks for them again"
        )
    return 0


def _feeds_remove(args: argparse.Namespace, library: Store) -> int:
    from ..store.feeds import FeedStore

    store = FeedStore(library)
    feed = store.find(args.feed)
    if feed is None:
        raise CommandError(terminal_line(f"{args.feed}: no feed followed has that address or number (`feeds list`)"))
    store.remove(feed.id)
    print(terminal_line(f"no longer following {feed.title or feed.url}; its articles stay in the library"))
    return 0


def _feeds_update(args: argparse.Namespace, library: Store) -> int:
    from ..progress import ProgressBar
    from ..store.feeds import FeedStore
    from ..store.fetching import FeedReport, update_feeds

    since = None
    if args.since:
        try:
            since = dt.date.fromisoformat(args.since).isoformat()
        except ValueError:
            raise CommandError(
                terminal_line(f"--since must be a date such as 2024-03-14, not {args.since!r}")
            ) from None
    store = FeedStore(library)
    chosen = None
    if args.feeds:
        chosen = [store.find(spec) for spec in args.feeds]
        if None in chosen:
            missing = args.feeds[chosen.index(None)]
            raise CommandError(terminal_line(f"{missing}: no feed followed has that address or number (`feeds list`)"))
    bar = ProgressBar("updating", 0)

    def on_done(done: int, total: int, item: str) -> None:
        bar.total = total
        bar.update(done, item)

    report = FeedReport()
    try:
        feeds = [f for f in chosen if f] if chosen else None
        update_feeds(library, _fetcher(args), feeds, since, on_done, report=report, retry=args.retry)
    except KeyboardInterrupt:
        report.articles.interrupted = True
    finally:
        bar.close()
    for failure in report.articles.failures:
        print(f"cyberread: {failure}", file=sys.stderr)
    print(report.summary(retry="`feeds update --retry` asks for them again"))
    if report.articles.interrupted:
        return 130
    return 1 if report.articles.failures else 0


def _feeds_import(args: argparse.Namespace, library: Store) -> int:
    from ..store.fetching import import_opml

    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        raise CommandError(terminal_line(f"{args.file}: cannot read it ({error.strerror or error})")) from None
    added, listed, skipped = import_opml(library, data)
    # An outline that is no web address is said to be skipped, not left out of the count without a word.
    passed = f", {counted(len(skipped), 'outline')} skipped (not a web address: {skipped[0]})" if skipped else ""
    print(
        terminal_line(
            f"{counted(added, 'feed')} added, {len(listed) - added} already followed{passed};"
            " `cyberread feeds update` fetches their entries"
        )
    )
    return 0


def _feeds_export(args: argparse.Namespace, library: Store) -> int:
    from ..engine.ingest.feeds import OutlineFeed, write_opml
    from ..store.feeds import FeedStore

    document = write_opml([OutlineFeed(feed.url, feed.title) for feed in FeedStore(library).all()])
    if not args.file:
        sys.stdout.write(document if not sys.stdout.isatty() else printed_text(document))
        return 0
    try:
        Path(args.file).write_text(document, encoding="utf-8")
    except OSError as error:
        raise CommandError(terminal_line(f"{args.file}: cannot write it ({error.strerror or error})")) from None
    print(terminal_line(f"wrote {args.file}"))
    return 0


_FEED_ACTIONS: dict[str, Callable[[argparse.Namespace, Store], int]] = {
    "add": _feeds_add,
    "list": _feeds_list,
    "remove": _feeds_remove,
    "update": _feeds_update,
    "import": _feeds_import,
    "export": _feeds_export,
}
