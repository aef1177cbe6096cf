"""Shared fixtures: every test gets its own data folder, so nothing touches a real library."""

from __future__ import annotations

import signal
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web_server import NewsSite, serve_news_site

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
EVAL_DIR = SHARED / "eval"
# The reference scorer is benchmark code (bench/evaluation.py), not part of the installed package.
sys.path.insert(0, str(REPO / "bench"))


def edit(items: list[str], at: int, kind: str, piece: list[str]) -> None:
    """One edit of a list of words in place, for strategies of related texts: `piece` inserted at
    `at`, or as many words from there deleted, replaced by it, or moved to the end."""
    if kind == "insert":
        items[at:at] = piece
    elif kind == "delete":
        del items[at : at + len(piece)]
    elif kind == "replace":
        items[at : at + len(piece)] = piece
    else:
        moved, items[at : at + len(piece)] = items[at : at + len(piece)], []
        items += moved


def seed_path(prefix: str) -> Path:
    """The seed file whose name starts with `prefix` ("000" ... "004")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(autouse=True)
def cyberread_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("cyberread-home")
    monkeypatch.setenv("CYBERREAD_HOME", str(home))
    return home


@pytest.fixture
def ctrl_c_heard() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt in this process and in those it starts, as at a terminal. A shell
    starts a background job (`pytest &`) with SIGINT ignored, every process it starts inherits that, and
    Python leaves an ignored SIGINT ignored: a Ctrl-C test would then wait for a signal nobody hears.
    A handler, unlike SIG_IGN, does not survive exec: a process started here begins with the default."""
    before = signal.getsignal(signal.SIGINT)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


@pytest.fixture
def johannesburg() -> dict:
    """The reference alignment of the Global Times (a) and Sputnik (b) accounts."""
    path = EVAL_DIR / "johannesburg.toml"
    if not path.exists():
        pytest.skip(f"{path} is not beside the repository")
    with path.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    """A news site served on the loopback address (see tests/web_server.py)."""
    yield from serve_news_site()


def configure(home: Path, text: str) -> Path:
    """The config file the commands read in the test's data folder, holding `text`."""
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def fetch_config(cyberread_home: Path) -> Path:
    """A config for tests that fetch: loopback allowed, no pause between requests, short timeouts."""
    path = cyberread_home / "config.toml"
    path.write_text(
        "[fetch]\nallow_private_addresses = true\nhost_delay = 0\ntimeout = 0.5\nmax_page_mb = 1\n", encoding="utf-8"
    )
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server of this test process (each xdist worker starts its own): a real cluster, never
    a mock. Skipped only where neither the driver nor any server binaries are installed."""
    pytest.importorskip("psycopg", reason="the postgres extra is not installed")
    from tests.pg_server import binaries, postgres_server

    if binaries() is None:
        pytest.skip("no PostgreSQL server binaries (the pgserver wheel, or Debian's postgresql)")
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> str:
    """An empty database of its own for one test."""
    import re

    from tests.pg_server import new_database

    name = "t_" + re.sub(r"\W+", "_", request.node.name).lower()[:50]
    return new_database(postgres_server, name)
