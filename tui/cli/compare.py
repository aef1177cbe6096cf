"""`compare` (two accounts) and `collate` (three or more): the engine's comparison with the reader's
verdicts and notes, printed for a terminal or exported as Markdown, HTML, CSV or JSON."""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import io
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..engine.ingest.record import Article
from ..engine.text.safe import json_for_terminal, json_utf8_for_terminal, printed_text, terminal_line
from .context import CommandError, configured_locations, names_files, open_library, resolve_article
from .library import run_app

if TYPE_CHECKING:
    from ..engine.align.result import Comparison
    from ..engine.render.collation import AccountNote
    from ..engine.render.report import PassageNote


def run_compare(args: argparse.Namespace) -> int:
    if args.tui:
        return run_app(args, compare=(resolve_article(args, args.a), resolve_article(args, args.b)))
    from ..engine.align.compare import collector_paused, leave_work_for_exit

    if args.process_ends:
        leave_work_for_exit()
    # One comparison, printed, then the process ends: the cyclic collector would only walk what the
    # command keeps (the comparison, its export: some 300,000 objects and no cycles of a long pair)
    # each time it re-enabled after the engine's and the export's own pauses, 0.1 s of the long pair.
    with collector_paused():
        return _compare_and_print(args)


def _compare_and_print(args: argparse.Namespace) -> int:
    a, b = resolve_article(args, args.a), resolve_article(args, args.b)
    # A fresh comparison is kept for next time once it is printed, or once printing it failed: the
    # comparison is sound when the reader of the output went away (`| head -1`).
    keep: list[Callable[[], None]] = []
    try:
        return _print_comparison(args, a, b, keep.append)
    finally:
        for step in keep:
            step()


def _print_comparison(
    args: argparse.Namespace, a: Article, b: Article, later: Callable[[Callable[[], None]], None]
) -> int:
    from ..engine.align.compare import left_for_exit
    from ..engine.render import json_report, report

    if args.format == "text":
        # The renderer adds its own colours, so the texts are made safe before it sees them: escapes
        # in a library written by another tool are shown as \x1b, never obeyed.
        a, b = _terminal_safe(a), _terminal_safe(b)
        comparison = _judged(args, _compared(args, a, b, later), a, b)
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        print(report.render_text(comparison, a, b, color=color, notes=_comparison_notes(args, a, b)))
        return 0
    comparison = _judged(args, _compared(args, a, b, later), a, b)
    notes = _comparison_notes(args, a, b)
    document: object
    if args.format == "json" and _writes_utf8(sys.stdout):
        document = json_report.comparison_to_dict(comparison, a, b, notes)
        encoded = json_utf8_for_terminal(json_report.json_utf8(document))
        sys.stdout.flush()
        _write_all(sys.stdout.buffer, encoded)
    else:
        document = report.render_export(args.format, comparison, a, b, notes)
        _write_export(args.format, document)
    # A long pair's comparison and export are a million objects, freed one at a time (0.05 s) unless
    # the process ends without freeing them.
    left_for_exit(comparison, document)
    return 0


def _writes_utf8(stream: TextIO) -> bool:
    """Whether `stream` writes its text as UTF-8 to a byte stream of its own: there an export encoded as
    UTF-8 already goes straight to that stream, in one write (as the text stream writes when unbuffered).

    The byte stream may be raw (`python -u`, PYTHONUNBUFFERED) and the error handler any: an export made
    safe for a terminal holds no lone surrogate, the only characters UTF-8 cannot encode, so every handler
    gives the same bytes. Under a C or C.UTF-8 locale Python's handler is surrogateescape, and a long
    pair's export (10 MB) went through the text stream: decoded, checked and encoded again, and its
    dicts freed, 0.05 s more than this way."""
    byte_stream = isinstance(getattr(stream, "buffer", None), (io.BufferedIOBase, io.RawIOBase))
    return byte_stream and codecs.lookup(stream.encoding).name == "utf-8"


def _write_all(stream: BinaryIO, data: bytes) -> None:
    """All of `data` to `stream`. A raw stream (`python -u`) may take part of a write, as a pipe does when a
    signal comes in the middle of it: a buffered writer over it writes the rest, and is detached after,
    so that the stream stays open."""
    if not isinstance(stream, io.RawIOBase):
        stream.write(data)
        return
    writer = io.BufferedWriter(stream)
    try:
        writer.write(data)
        writer.flush()
    finally:
        writer.detach()


def _write_export(format_name: str, exported: str) -> None:
    """An exported document on stdout: JSON with its escapes made visible, other formats made safe for a
    terminal when one shows them."""
    if format_name == "json":
        exported = json_for_terminal(exported)
    elif sys.stdout.isatty():
        exported = printed_text(exported)
    sys.stdout.write(exported)


def _terminal_safe(article: Article) -> Article:
    title, body = terminal_line(article.title), printed_text(article.body)
    if (title, body) == (article.title, article.body):
        return article
    return dataclasses.replace(article, title=title, body=body)


def _compared(
    args: argparse.Namespace, a: Article, b: Article, later: Callable[[Callable[[], None]], None]
) -> Comparison:
    """The engine's comparison, kept and read back unless --no-cache (kept by the step handed to
    `later`, once it is printed); on a terminal, its progress on stderr (one line, rewritten, gone
    when done)."""
    from ..engine.align.cancel import quiet
    from ..interrupt import interruptible
    from ..store.comparing import compare_pair

    folder = None if args.no_cache else configured_locations(args.settings).data_dir
    progress = _ProgressLine() if sys.stderr.isatty() else None
    try:
        with interruptible() as cancel:
            return compare_pair(folder, a, b, args.settings.match, cancel, progress or quiet, _warn_line, later)
    finally:
        if progress is not None:
            progress.clear()


def _warn_line(message: str) -> None:
    print(f"cyberread: {terminal_line(message)}", file=sys.stderr)


class _ProgressLine:
    """A long comparison's stage and percentage on stderr, rewritten in place, at most ten times a
    second; nothing for one that is over within half a second."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0.0
        self.written = False

    def __call__(self, stage: str, fraction: float) -> None:
        now = time.monotonic()
        if now - self.started < 0.5 or now - self.shown < 0.1 or stage == "done":
            return
        self.shown = now
        self.written = True
        sys.stderr.write(f"\r\x1b[Kcomparing: {stage} {fraction:4.0%}")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.written:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _judged(args: argparse.Namespace, comparison: Comparison, a: Article, b: Article) -> Comparison:
    """The comparison with the reader's verdicts on the pair applied; two files have none."""
    if names_files(args.a, args.b):
        return comparison
    from ..store.verdicts import VerdictStore

    with open_library(args.settings) as library:
        return VerdictStore(library).judged(comparison, a, b)


def _comparison_notes(args: argparse.Namespace, a: Article, b: Article) -> list[PassageNote]:
    """The notes on the compared passages; two files compared are not in the library and have none
    (nor is a library made for them)."""
    if names_files(args.a, args.b):
        return []
    from ..store.exporting import comparison_notes

    with open_library(args.settings) as library:
        return comparison_notes(library, a, b)


PARALLEL_PAIRS = 6
"""Aligning fewer pairs than this in one process beats starting a pool of them."""


def run_collate(args: argparse.Namespace) -> int:
    from ..engine.corpus.collate import align_pairs, collate, pairs_of
    from ..engine.render.collation import render_collation

    articles = [resolve_article(args, spec) for spec in args.accounts]
    if len(articles) < 2:
        raise CommandError("collate takes two or more accounts (three or more is what it is for)")
    ids = [article.id for article in articles]
    if len(set(ids)) < len(ids):
        raise CommandError("an account is named twice")
    base = 0
    if args.base is not None:
        base_id = resolve_article(args, args.base).id
        if base_id not in ids:
            raise CommandError(terminal_line(f"--base {args.base}: not one of the accounts collated"))
        base = ids.index(base_id)
    bodies = [article.body for article in articles]
    workers = min(os.cpu_count() or 1, len(pairs_of(len(articles))))
    if len(pairs_of(len(articles))) >= PARALLEL_PAIRS and workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            pairs = align_pairs(bodies, args.settings.match, pool)
    else:
        pairs = align_pairs(bodies, args.settings.match)
    if not names_files(*args.accounts):
        from ..store.verdicts import judged_pairs

        with open_library(args.settings) as library:
            pairs = judged_pairs(library, articles, pairs)
    collation = collate(articles, pairs, base)
    if args.format == "text":
        shown = [_terminal_safe(article) for article in articles]
        sys.stdout.write(render_collation("text", collate(shown, pairs, base), shown))
        return 0
    _write_export(args.format, render_collation(args.format, collation, articles, _collation_notes(args, articles)))
    return 0


def _collation_notes(args: argparse.Namespace, articles: list[Article]) -> list[AccountNote]:
    if names_files(*args.accounts):
        return []
    from ..store.exporting import collation_notes

    with open_library(args.settings) as library:
        return collation_notes(library, articles)
