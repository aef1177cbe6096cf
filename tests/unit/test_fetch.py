"""`cyberread add URL…`, feeds and versions against a news site served on the loopback address by the
tests themselves (tests/web_server.py): nothing here reaches the internet."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from cyberread import cli
from cyberread.engine.ingest.fetch import Fetcher, FetchError, FetchPolicy
from cyberread.store.feeds import ENTRY_TRIES, FeedStore
from cyberread.store.importing import open_library
from cyberread.store.library import Library
from cyberread.store.notes import NoteStore, Passage
from cyberread.store.paths import locations
from tests.web_server import NewsSite

pytestmark = pytest.mark.usefixtures("fetch_config")


def library() -> Library:
    return open_library(locations())


def fetched(path: str) -> list[dict[str, object]]:
    with library() as opened:
        rows = [row for row in opened.rows() if (row.path or "").startswith("http")]
        return [opened.get(row.id).summary() for row in rows if path in (row.path or "")]


def test_add_fetches_a_news_page_with_its_metadata(news_site: NewsSite, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["add", news_site.url("/news/drones.html")]) == 0
    assert capsys.readouterr().out.startswith("1 added")
    (article,) = fetched("drones")
    assert article["title"] == "Ukraine says it downed 30 drones over Kyiv region overnight"
    assert (article["outlet"], article["date"], article["dateline"]) == ("World News Daily", "2024-03-14", "Kyiv")
    assert article["author"] == "Olena Harmash"
    # The page's canonical address is the story's address.
    assert article["path"] == news_site.url("/world/ukraine-drones-kyiv-2024-03-14/")
    with library() as opened:
        body = opened.get(str(article["id"])).body
    assert body.startswith("Ukraine's air defences destroyed 30")  # no repeated headline, no dateline
    assert "Reporting by" not in body and "Editing by" not in body


def test_each_failed_address_is_one_line_and_the_rest_are_added(
    news_site: NewsSite, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = {
        "/missing.html": "not found (HTTP 404)",
        "/loop": "too many redirects",
        "/slow.html": "timed out",
        "/huge.html": "too large: over the 1 MB limit",
        "/picture.png": "not an HTML page (the server says image/png)",
        "/download": "not an HTML page (the server says application/octet-stream)",
        "/empty.html": "no article text",
        "/login.html": "no article text found in the HTML (only 3 words: a menu or a form, not an article)",
        "/to-a-file": "redirected to a file: address; not followed",
    }
    status = cli.main(
        ["add", news_site.url("/news/grain.html"), *(news_site.url(path) for path in bad), "file:///etc/passwd"]
    )
    captured = capsys.readouterr()
    assert status == 1
    lines = captured.err.splitlines()
    assert len(lines) == len(bad) + 1
    for path, reason in bad.items():
        assert any(line.startswith(f"cyberread: {news_site.url(path)}: ") and reason in line for line in lines), path
    assert "cyberread: file:///etc/passwd: not fetched: only http and https addresses are, not file:" in lines
    assert cli.main(["add", "http://"]) == 1
    assert capsys.readouterr().err.strip() == "cyberread: http://: not a web address: it names no host"
    with_user = news_site.url("/news/drones.html").replace("://", "://user:secret@")
    assert cli.main(["add", with_user]) == 1
    said = "not fetched: the address holds a user name or password, which cyberread does not send"
    assert capsys.readouterr().err.strip() == f"cyberread: {with_user}: {said}"
    assert captured.out.startswith("1 added")
    # The charset the markup declares (windows-1252) is honoured: the dash in the title is one character.
    (grain,) = fetched("grain")
    assert grain["outlet"] == "Sea Lanes" and grain["dateline"] == "Odesa"


def test_a_list_of_addresses_that_is_no_text_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each run of a binary file's bytes was taken for a path: 97 lines of "no such file or folder".
    binary = tmp_path / "links.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    assert cli.main(["add", "--from", str(binary)]) == 1
    err = capsys.readouterr().err
    assert err == f"cyberread: {binary}: not a list of addresses: it is not UTF-8 text\n"


def test_addresses_come_from_standard_input_with_from_dash(
    news_site: NewsSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(news_site.url("/news/drones.html").encode())))
    assert cli.main(["add", "--from", "-"]) == 0
    assert capsys.readouterr().out.startswith("1 added")


def test_addresses_from_a_file_mix_with_paths(
    news_site: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "links.txt"
    listing.write_text(f"# to read\n{news_site.url('/news/drones.html')}\n\n{news_site.url('/moved')}\n")
    story = tmp_path / "story.txt"
    story.write_text("A headline here\n\nThe minister said on Monday that the talks would go on.\n")
    assert cli.main(["add", str(story), "--from", str(listing)]) == 0
    # The redirect leads to the same page: one article, found already there.
    assert capsys.readouterr().out.startswith("2 added, 1 already in the library")


def test_a_page_cut_off_in_transit_is_refused(news_site: NewsSite) -> None:
    # The server declared the whole page and closed after a third: it was added as an article ending
    # mid-sentence, and as the newest version of one fetched whole before.
    fetcher = Fetcher(FetchPolicy(host_delay=0, allow_private=True))
    with pytest.raises(FetchError, match=r"^the download broke off: .* of the .* the server announced arrived$") as cut:
        fetcher.get(news_site.url("/cut-off.html"))
    assert cut.value.transient


def test_a_trickling_page_is_given_up_at_its_deadline_and_a_cancelled_one_at_once(news_site: NewsSite) -> None:
    # A byte every 0.2 s for a minute: the download waited for whole blocks and never asked the clock,
    # so "took over 1 s" was said after the minute, and the app's escape waited as long.
    import time

    fetcher = Fetcher(FetchPolicy(host_delay=0, allow_private=True, timeout=0.5))
    with pytest.raises(FetchError, match=r"^timed out: the page took over 1 s to arrive$"):
        fetcher.get(news_site.url("/trickle.html"))
    for _ in range(50):  # the server hears the hang-up at its next byte
        if news_site.requests["client hung up on /trickle.html"]:
            break
        time.sleep(0.1)
    assert news_site.requests["client hung up on /trickle.html"] == 1
    import threading

    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()  # while the page trickles in
    cancelled = Fetcher(FetchPolicy(host_delay=0, allow_private=True, timeout=30), cancelled=cancel.is_set)
    with pytest.raises(FetchError, match=r"^cancelled$"):
        cancelled.get(news_site.url("/trickle.html"))
    for _ in range(50):
        if news_site.requests["client hung up on /trickle.html"] == 2:
            break
        time.sleep(0.1)
    assert news_site.requests["client hung up on /trickle.html"] == 2


def test_private_addresses_are_refused_unless_allowed(news_site: NewsSite) -> None:
    with pytest.raises(FetchError, match=r"refused: 127\.0\.0\.1 is a private or local address;"):
        Fetcher(FetchPolicy(host_delay=0)).get(news_site.url("/news/drones.html"))
    page = Fetcher(FetchPolicy(host_delay=0, allow_private=True)).get(news_site.url("/news/drones.html"))
    assert page.status == 200 and page.content_type == "text/html"


def test_requests_to_one_host_are_spaced(news_site: NewsSite) -> None:
    import time

    fetcher = Fetcher(FetchPolicy(host_delay=0.3, allow_private=True))
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(news_site.url("/news/drones.html"))
    assert time.monotonic() - started >= 0.6


def test_a_changed_page_is_kept_as_a_new_version_and_notes_stay_on_theirs(
    news_site: NewsSite, capsys: pytest.CaptureFixture[str]
) -> None:
    url = news_site.url("/news/drones.html")
    assert cli.main(["add", url]) == 0
    (first,) = fetched("drones")
    with library() as opened:
        article = opened.get(str(first["id"]))
        start = article.body.index("Debris")
        NoteStore(opened).add(article.id, "houses only?", Passage.of(article, start, start + 40))
    news_site.edit_drones_story()
    capsys.readouterr()
    assert cli.main(["add", url]) == 0
    assert "1 changed since last fetched (kept as new versions)" in capsys.readouterr().out
    (second,) = fetched("drones")  # the library lists the story once, at its latest text
    assert second["id"] != first["id"]
    assert cli.main(["versions", str(second["id"])[:8], "--json"]) == 0
    versions = json.loads(capsys.readouterr().out)
    assert [v["id"] for v in versions] == [first["id"], second["id"]]
    assert all({"id", "fetched", "words"} <= set(v) for v in versions)
    with library() as opened:
        assert "school" in opened.get(str(second["id"])).body
        assert "school" not in opened.get(str(first["id"])).body  # the earlier text is never overwritten
        (row,) = [r for r in opened.rows() if r.id == second["id"]]
        assert row.earlier_versions == 1
        (note,) = NoteStore(opened).all()
        assert note.article_id == first["id"] and not note.detached
    # Fetching the same text again adds no version.
    assert cli.main(["add", url]) == 0
    assert "1 already in the library" in capsys.readouterr().out


def test_feeds_add_update_and_versions(news_site: NewsSite, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["feeds", "add", news_site.url("/feeds/world.rss")]) == 0
    assert "following World News Daily: World" in capsys.readouterr().out
    # An HTML page that links its feed is accepted: it is the same feed.
    assert cli.main(["feeds", "add", news_site.url("/world/")]) == 0
    said = f"already following World News Daily: World ({news_site.url('/feeds/world.rss')})"
    assert capsys.readouterr().out.strip() == said
    assert cli.main(["feeds", "update", "--since", "2024-03-01"]) == 0
    assert capsys.readouterr().out.startswith("1 feed checked (0 unchanged), 2 new articles, 0 entries failed")
    assert news_site.requests["/news/old.html"] == 0  # published before --since
    assert {a["outlet"] for a in fetched("/news/")} | {a["outlet"] for a in fetched("/world/")} == {
        "World News Daily",
        "Sea Lanes",
    }
    # Nothing changed: the feed and every page answer 304 to the conditional requests.
    assert cli.main(["feeds", "update", "--since", "2024-03-01"]) == 0
    assert capsys.readouterr().out.startswith("1 feed checked (1 unchanged), 0 new articles")
    assert news_site.not_modified["/feeds/world.rss"] == 1 and news_site.not_modified["/news/grain.html"] == 1
    news_site.edit_drones_story()
    assert cli.main(["feeds", "update", "--since", "2024-03-01"]) == 0
    assert "1 changed since last fetched (kept as new versions)" in capsys.readouterr().out
    (story,) = fetched("ukraine-drones")
    assert cli.main(["versions", str(story["id"])]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    assert cli.main(["feeds", "list", "--json"]) == 0
    (feed,) = json.loads(capsys.readouterr().out)
    assert (feed["entries"], feed["fetched"]) == (3, 2)


def test_two_feeds_listing_one_page_both_count_it_fetched(news_site: NewsSite, capsys) -> None:
    # The second feed listing the same pages counted none of them fetched, and asked for each again at
    # every update; entries with no web address fell back to their guid and were fetched as "/f4".
    for path in ("/feeds/world.rss", "/feeds/copy.rss"):
        assert cli.main(["feeds", "add", news_site.url(path)]) == 0
    capsys.readouterr()
    assert cli.main(["feeds", "update"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 feeds checked (0 unchanged), 3 new articles, 0 entries failed")
    assert "3 entries skipped: no web address to fetch" in out
    assert not {"/f1", "/f2", "/f4", "/feeds/f1", "/feeds/f2", "/feeds/f4"} & set(news_site.requests)
    assert cli.main(["feeds", "list", "--json"]) == 0
    assert [(feed["entries"], feed["fetched"]) for feed in json.loads(capsys.readouterr().out)] == [(3, 3), (3, 3)]
    assert news_site.requests["/news/drones.html"] == 1


def test_since_passes_over_undated_entries_and_says_so(news_site: NewsSite, capsys) -> None:
    # "--since: only entries published on or after DATE" fetched every entry with no date.
    assert cli.main(["feeds", "add", news_site.url("/feeds/half.rss")]) == 0
    capsys.readouterr()
    assert cli.main(["feeds", "update", "--since", "2024-01-01"]) == 0
    assert "2 undated entries passed over (--since)" in capsys.readouterr().out
    assert news_site.requests["/news/drones.html"] == news_site.requests["/news/gone.html"] == 0


def test_an_entry_that_fails_is_told_from_a_feed_that_fails(news_site: NewsSite, capsys) -> None:
    assert cli.main(["feeds", "add", news_site.url("/feeds/half.rss")]) == 0
    capsys.readouterr()
    assert cli.main(["feeds", "update"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("1 feed checked (0 unchanged), 1 new article, 1 entry failed")
    assert captured.err.startswith(f"cyberread: {news_site.url('/news/gone.html')}: ")


def test_a_failure_that_may_pass_is_told_from_one_that_will_not(news_site: NewsSite) -> None:
    fetcher = Fetcher(FetchPolicy(host_delay=0, allow_private=True))
    failures = []
    for path in ("/busy.html", "/nowhere.html", "/picture.png", "/to-a-file"):
        with pytest.raises(FetchError) as failed:
            fetcher.get(news_site.url(path))
        failures.append(failed.value)
    assert [f.transient for f in failures] == [True, False, False, False]
    # Said the same from a process that fetched for another.
    assert [pickle.loads(pickle.dumps(f)).transient for f in failures] == [True, False, False, False]
    with pytest.raises(FetchError) as refused:
        Fetcher(FetchPolicy(host_delay=0)).get(news_site.url("/news/drones.html"))
    assert "private or local address" in str(refused.value) and not refused.value.transient


def test_an_entry_gone_for_good_fails_one_update_and_is_left_alone_after(news_site: NewsSite, capsys) -> None:
    """A page the site no longer has would fail every update after (a daily job's status 1 for ever):
    it fails the first, is left alone and said to be by the next, and `--retry` asks for it again."""
    assert cli.main(["feeds", "add", news_site.url("/feeds/half.rss")]) == 0
    assert cli.main(["feeds", "update"]) == 1
    capsys.readouterr()
    assert cli.main(["feeds", "update"]) == 0
    assert capsys.readouterr().out.strip() == (
        "1 feed checked (1 unchanged), 0 new articles, 0 entries failed, 1 entry that failed before left alone:"
        " not found (HTTP 404) (`feeds update --retry` asks for them again)"
    )
    assert news_site.requests["/news/gone.html"] == 1
    assert cli.main(["feeds", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "1 entry failed when last asked for; `feeds update --retry` asks for them again"
    )
    news_site.pages["/news/gone.html"] = news_site.pages["/news/grain.html"]  # the page is back
    assert cli.main(["feeds", "update", "--retry"]) == 0
    assert "1 new article, 0 entries failed" in capsys.readouterr().out
    assert cli.main(["feeds", "list", "--json"]) == 0
    (feed,) = json.loads(capsys.readouterr().out)
    assert (feed["entries"], feed["fetched"], feed["failing"]) == (2, 2, 0)


def test_an_entry_whose_server_fails_is_asked_for_three_times_then_left_alone(news_site: NewsSite, capsys) -> None:
    """A server's own error (503) may pass: the entry is asked for at the next updates, three in all."""
    assert cli.main(["feeds", "add", news_site.url("/feeds/busy.rss")]) == 0
    for _ in range(ENTRY_TRIES):
        assert cli.main(["feeds", "update"]) == 1
        assert "the server answered HTTP 503" in capsys.readouterr().err
    assert cli.main(["feeds", "update"]) == 0
    assert "1 entry that failed before left alone: the server answered HTTP 503" in capsys.readouterr().out
    assert news_site.requests["/busy.html"] == ENTRY_TRIES


def test_an_interrupted_feed_update_counts_what_it_stored(
    news_site: NewsSite, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Ctrl-C after the first article is stored: the summary says 1 new article, not 0, and the
    article is in the library."""
    from cyberread.store import fetching

    stored = fetching.store_articles

    def then_interrupted(*args: object, **kwargs: object) -> None:
        stored(*args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    assert cli.main(["feeds", "add", news_site.url("/feeds/world.rss")]) == 0
    capsys.readouterr()
    monkeypatch.setattr(fetching, "store_articles", then_interrupted)
    assert cli.main(["feeds", "update", "--since", "2024-03-01"]) == 130
    assert capsys.readouterr().out.startswith("1 feed checked (0 unchanged), 1 new article, 0 entries failed")
    assert len(fetched("/news/")) + len(fetched("/world/")) == 1


def test_opml_import_export_and_remove(news_site: NewsSite, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(news_site.pages["/feeds.opml"][1])
    assert cli.main(["feeds", "import", str(opml)]) == 0
    # The file:// outline is no feed address: skipped, and said to be.
    assert capsys.readouterr().out.startswith(
        "2 feeds added, 0 already followed, 1 outline skipped (not a web address: file:///etc/passwd);"
    )
    assert cli.main(["feeds", "update"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2 feeds checked (0 unchanged), 3 new articles")  # grain.html is listed twice, fetched once
    with library() as opened:
        titles = {feed.title for feed in FeedStore(opened).all()}
    assert titles == {"World News Daily: World", "Atom Desk"}
    # Headed, and in the order followed, so that the numbers run in order (by title they ran 2, 1).
    assert cli.main(["feeds", "list"]) == 0
    header, *rows = capsys.readouterr().out.splitlines()
    assert header.split() == ["#", "fetched/listed", "last", "checked", "feed"]
    assert [int(row.split()[0]) for row in rows] == sorted(int(row.split()[0]) for row in rows)
    assert cli.main(["feeds", "export"]) == 0
    exported = capsys.readouterr().out
    assert exported.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')
    assert f'xmlUrl="{news_site.url("/feeds/atom.xml")}"' in exported
    assert cli.main(["feeds", "remove", news_site.url("/feeds/atom.xml")]) == 0
    assert "its articles stay in the library" in capsys.readouterr().out
    assert cli.main(["feeds", "list", "--json"]) == 0
    assert [f["url"] for f in json.loads(capsys.readouterr().out)] == [news_site.url("/feeds/world.rss")]


def test_a_feed_that_is_not_one_is_refused_with_a_line(news_site: NewsSite, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["feeds", "add", news_site.url("/empty.html")]) == 1
    assert capsys.readouterr().err.strip() == (
        f"cyberread: {news_site.url('/empty.html')}: an HTML page that links no RSS or Atom feed"
    )
    assert cli.main(["feeds", "add", news_site.url("/missing.xml")]) == 1
    assert "not found (HTTP 404)" in capsys.readouterr().err


def test_a_feed_followed_with_a_private_address_allowed_once_is_told_how_to_update(
    news_site: NewsSite, cyberread_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The config allows no private address: --allow-private allowed this one once, and the hint named
    # `cyberread feeds update`, which then refused it.
    (cyberread_home / "config.toml").write_text("[fetch]\nhost_delay = 0\ntimeout = 0.5\n", encoding="utf-8")
    assert cli.main(["feeds", "add", news_site.url("/feeds/world.rss"), "--allow-private"]) == 0
    assert "`cyberread feeds update --allow-private` fetches them" in capsys.readouterr().out
    assert cli.main(["feeds", "update"]) == 1
    assert "is a private or local address" in capsys.readouterr().err
    assert cli.main(["feeds", "update", "--allow-private", "--since", "2024-03-01"]) == 0
    assert capsys.readouterr().out.startswith("1 feed checked (0 unchanged), 2 new articles")


@pytest.mark.parametrize(
    ("data", "entries"),
    [
        (b"<rss><channel><title>Trunc", None),  # cut off in transit: refused, not followed as empty
        (b'<rss version="2.0"><channel><title>Quiet desk</title></channel></rss>', 0),  # well-formed, empty
        # Broken but still listing its entry: read, as feed readers do.
        (
            b'<rss version="2.0"><channel><title>Broken & Co</title><item><title>A</title>'
            b"<link>http://example.com/a</link></item></channel>",
            1,
        ),
    ],
)
def test_a_feed_broken_past_reading_is_refused_and_one_still_readable_is_read(data: bytes, entries: int | None) -> None:
    from cyberread.engine.ingest.feeds import FeedError, parse_feed

    if entries is None:
        with pytest.raises(FeedError, match="not well-formed XML and no entries could be read"):
            parse_feed(data, "http://example.com/feed.xml")
    else:
        feed = parse_feed(data, "http://example.com/feed.xml")
        assert len(feed.entries) == entries
        # One read past its breakage says so when followed: it was followed without a word.
        broken = b"Broken" in data
        assert feed.warning.startswith("the feed is not well-formed XML (") if broken else feed.warning == ""


def test_show_takes_the_address_an_article_was_fetched_from(
    news_site: NewsSite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["add", news_site.url("/news/drones.html")]) == 0
    (article,) = fetched("drones")
    capsys.readouterr()
    assert cli.main(["show", str(article["path"])]) == 0
    assert capsys.readouterr().out.startswith("Ukraine says it downed 30 drones")
    assert cli.main(["show", news_site.url("/nowhere/")]) == 1
    assert "no article in the library was fetched from that address" in capsys.readouterr().err


def test_a_request_to_a_server_that_says_nothing_stops_as_soon_as_it_is_cancelled(news_site: NewsSite) -> None:
    # The cancel was asked only while a page arrived: a server that took the request and said nothing
    # kept it (and escape, Ctrl-C, the quit) for the whole time-out, 20 s, and the address was then
    # counted as timed out.
    import threading
    import time

    from cyberread.engine.ingest.fetch import FetchCancelled

    cancel = threading.Event()
    fetcher = Fetcher(FetchPolicy(timeout=50, allow_private=True, host_delay=0), cancelled=cancel.is_set)
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(FetchCancelled):
        fetcher.get(news_site.url("/silent.html"))
    assert time.monotonic() - started < 10
    with pytest.raises(FetchCancelled):  # and the fetcher asks for nothing after
        fetcher.get(news_site.url("/news/drones.html"))
    # Stopped from another thread (a Ctrl-C in the one waiting on the pool), without a `cancelled`.
    other = Fetcher(FetchPolicy(timeout=50, allow_private=True, host_delay=0))
    threading.Timer(0.3, other.stop).start()
    started = time.monotonic()
    with pytest.raises(FetchCancelled):
        other.get(news_site.url("/silent.html"))
    assert time.monotonic() - started < 10


def test_addresses_cancelled_while_a_server_says_nothing_are_no_failures(news_site: NewsSite) -> None:
    import threading
    import time

    from cyberread.store.fetching import import_addresses

    cancel = threading.Event()
    fetcher = Fetcher(FetchPolicy(timeout=50, allow_private=True, host_delay=0), cancelled=cancel.is_set)
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with library() as opened:
        addresses = [news_site.url("/silent.html"), news_site.url("/news/drones.html")]
        report = import_addresses(opened, addresses, fetcher, cancelled=cancel.is_set)
    assert time.monotonic() - started < 10
    assert report.interrupted and not report.failures


def test_a_chinese_page_is_an_article(news_site: NewsSite, capsys: pytest.CaptureFixture[str]) -> None:
    # Its words were counted by the spaces between them: "only 2 words: a menu or a form, not an
    # article", and Xinhua's originals could not be fetched.
    assert cli.main(["add", news_site.url("/news/zh.html")]) == 0
    assert capsys.readouterr().out.startswith("1 added")
    (article,) = fetched("zh")
    assert article["title"] == "王毅出席金砖国家安全事务高级代表会议" and article["outlet"] == "新华网"
    assert int(str(article["words"])) > 200


def test_an_atom_title_of_html_is_read_as_text() -> None:
    # type="html" titles came out of feedparser as markup and were shown, listed and exported so.
    from cyberread.engine.ingest.feeds import parse_feed

    feed = parse_feed(
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
        b'<title type="html">Atom &lt;b&gt;Feed&lt;/b&gt; &amp;amp; co</title>'
        b'<entry><title type="html">Talks &lt;i&gt;resume&lt;/i&gt; in Geneva</title>'
        b'<link href="https://news.example/1"/></entry>'
        b'<entry><title>Plain &lt;b&gt; as written</title><link href="https://news.example/2"/></entry></feed>',
        "https://news.example/feed",
    )
    assert feed.title == "Atom Feed & co"
    assert [entry.title for entry in feed.entries] == ["Talks resume in Geneva", "Plain <b> as written"]


def test_feeds_list_json_gives_the_number_remove_takes(news_site: NewsSite, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["feeds", "add", news_site.url("/feeds/world.rss")]) == 0
    capsys.readouterr()
    assert cli.main(["feeds", "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert cli.main(["feeds", "remove", str(listed["number"])]) == 0


def test_a_private_address_is_refused_before_anything_connects_to_it(news_site: NewsSite) -> None:
    # Checked only on the connected socket: a closed local port said "connection refused", an open one
    # "a private address", which told which ports listen, and the server was asked first.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    fetcher = Fetcher(FetchPolicy(host_delay=0))
    before = sum(news_site.requests.values())
    for address in (f"http://127.0.0.1:{closed}/x", f"http://localhost:{closed}/x", news_site.url("/news/drones.html")):
        with pytest.raises(FetchError, match="is a private or local address"):
            fetcher.get(address)
    assert sum(news_site.requests.values()) == before


def test_addresses_that_are_no_addresses_say_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # "could not be read (ValueError)" and "the server's answer could not be read (InvalidURL)" blamed
    # the reading; an empty --from file said "name files, folders or web addresses (or --from FILE)".
    assert cli.main(["add", "https://[::1", "http://news.example/a story.html"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "cyberread: https://[::1: not a web address (invalid ipv6 url)",
        "cyberread: http://news.example/a story.html: not a web address: it holds a space or an invisible"
        " character (a space is %20)",
    ]
    empty = tmp_path / "addresses.txt"
    empty.write_text("# none yet\n\n", encoding="utf-8")
    assert cli.main(["add", "--from", str(empty)]) == 1
    assert f"{empty}: nothing to add: it lists no address" in capsys.readouterr().err
