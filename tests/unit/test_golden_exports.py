"""Every export format of the seed pair, byte for byte against the files in tests/golden: a change to an
export shows up here and is taken on purpose, by regenerating them:

    CYBERREAD_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/unit/test_golden_exports.py

and reading the diff before committing it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cyberread.engine.align.compare import compare_articles
from cyberread.engine.ingest.articles import load_article
from cyberread.engine.render.report import EXPORT_FORMATS, PassageNote, render_export
from tests.conftest import REPO, seed_path

GOLDEN = REPO / "tests" / "golden"


@pytest.mark.parametrize("format_name", sorted(EXPORT_FORMATS))
def test_the_seed_pair_exports_exactly_as_pinned(format_name: str) -> None:
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    comparison = compare_articles(a, b)
    start = a.body.index("true multilateralism")
    notes = [
        PassageNote("Sputnik says <genuine>; is that the speaker's word?", a=(start, start + 20)),
        PassageNote('=HYPERLINK("x") and **stars**', b=(0, 40)),
    ]
    document = render_export(format_name, comparison, a, b, notes)
    # Paths are the one thing that differs between machines: the articles are read from the seeds.
    document = document.replace(str(REPO), "<repo>")
    path = GOLDEN / f"johannesburg{EXPORT_FORMATS[format_name].suffix}"
    if os.environ.get("CYBERREAD_UPDATE_GOLDEN"):
        path.write_bytes(document.encode("utf-8"))  # bytes: the CSV's \r\n line ends are part of it
    assert path.exists(), f"no golden file {path.name}: run with CYBERREAD_UPDATE_GOLDEN=1"
    assert document.encode("utf-8") == Path(path).read_bytes(), f"{path.name} changed: see the module docstring"


def test_a_comparison_of_different_events_says_so_first(capsys) -> None:
    # Two floods, a year and a country apart, were compared as one death toll changed ("six → three"),
    # with nothing saying the accounts looked like different events.
    from cyberread.cli import main

    a, b = seed_path("000"), seed_path("002")  # a cyber-security workshop, an unrelated Xinhua report
    assert main(["compare", str(a), str(b), "--no-cache"]) == 0
    text = capsys.readouterr().out
    assert "Note: these look like reports of different events" in text.split("Left out:")[0]
    assert main(["compare", str(a), str(b), "--no-cache", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["one_event"] is False
