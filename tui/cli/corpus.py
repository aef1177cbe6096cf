"""The commands over the whole library: `stories` (articles reporting the same event) and `phrases`
(talking points), each run in this process or on Spark."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys

from ..engine.text.plural import counted
from ..engine.text.safe import terminal_json, terminal_line
from .context import CommandError, open_library


def run_stories(args: argparse.Namespace) -> int:
    from ..engine.corpus.spark import SparkUnavailable
    from ..store.stories import library_stories

    progress = sys.stderr.isatty()

    def on_progress(done: int, total: int) -> None:
        print(f"\r{done:,} of {total:,} articles read for grouping…", end="", file=sys.stderr, flush=True)

    with open_library(args.settings) as library:
        try:
            stories = library_stories(library, on_progress if progress else None, args.engine, args.master)
        except SparkUnavailable as error:
            raise CommandError(str(error)) from None
        if progress:
            print("\r\033[K", end="", file=sys.stderr)
        if args.json:
            print(terminal_json([{"title": s.title, "articles": list(s.articles)} for s in stories]))
            return 0
        for story in stories:
            dates = " to ".join(dict.fromkeys(d for d in (story.first_date, story.last_date) if d)) or "undated"
            print(terminal_line(f"{story.title}"))
            print(
                terminal_line(
                    f"  {len(story.articles)} accounts · {', '.join(story.outlets) or 'outlets unknown'} · {dates}"
                )
            )
            for row in library.rows_by_ids([library.rowid_of(a) or -1 for a in story.articles]):
                if row is not None:
                    print(
                        terminal_line(
                            f"  {row.id}  {row.date or '----------'}  {(row.outlet or '-')[:18]:<18}  {row.title}"
                        )
                    )
            print()
        if not stories:
            print("No two articles of the library report the same event.")
    return 0


def _is_date(text: str) -> bool:
    """Whether `text` is a year, a month of a year or a day that is in the calendar ("2025-13" is not)."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text):
        return False
    try:
        dt.date.fromisoformat(_first_day(text))
    except ValueError:
        return False
    return True


def _first_day(date: str) -> str:
    """The first day a year, month or day holds, as YYYY-MM-DD."""
    return (date + "-01-01")[:10]


def _last_day(date: str) -> str:
    """A day no earlier than the last a year, month or day holds, to compare as text ("2025-02-31")."""
    return date + "-12-31"[len(date) - 4 :]


def run_phrases(args: argparse.Namespace) -> int:
    from ..engine.corpus.phrases import PhraseSettings
    from ..engine.corpus.spark import SparkUnavailable
    from ..store.corpus_jobs import library_phrases

    for date in (args.since, args.until):
        if date is not None and not _is_date(date):
            raise CommandError(terminal_line(f"{date}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)"))
    if args.since and args.until and _first_day(args.since) > _last_day(args.until):
        raise CommandError(terminal_line(f"--since {args.since} is after --until {args.until}: no day is in both"))
    settings = PhraseSettings(min_articles=args.min_articles, min_outlets=args.min_outlets)
    with open_library(args.settings) as library:
        try:
            phrases = library_phrases(library, settings, args.since, args.until, args.engine, args.master)
        except SparkUnavailable as error:
            raise CommandError(str(error)) from None
        dates = {row.id: row.date for row in library.rows()}
        outlets = {row.id: row.outlet for row in library.rows()}
    if args.json:
        print(terminal_json([phrase.as_dict() for phrase in phrases]))
        return 0
    talking = [p for p in phrases if not p.boilerplate]
    furniture = [p for p in phrases if p.boilerplate]
    print(f"{len(talking)} talking points, {len(furniture)} boilerplate phrases")
    for heading, group in (("", talking), ("Boilerplate: repeated by one outlet in most of its articles", furniture)):
        if heading and group:
            print(f"\n{heading}")
        for phrase in group:
            span = f"{phrase.first or '—'} → {phrase.last or '—'}"
            print()
            print(terminal_line(f"“{phrase.text}”"))
            print(
                terminal_line(
                    f"  {counted(len(phrase.articles), 'article')} · {counted(len(phrase.outlets), 'outlet')} · {span}"
                )
            )
            for article_id in phrase.articles:
                print(
                    terminal_line(
                        f"  {article_id}  {dates.get(article_id) or '----------'}  {outlets.get(article_id) or '-'}"
                    )
                )
    return 0
