"""Collation of three and four accounts: the two seeds of the Johannesburg speech, a third account written
from them by cutting and rewording (tests/data/collation), and an unrelated Xinhua article that must
share nothing; the exports and their offsets."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cyberread.cli import main
from cyberread.engine.corpus.collate import align_pairs, collate, collate_accounts, initials
from cyberread.engine.ingest.articles import load_article
from cyberread.engine.render.collation import AccountNote, render_collation
from tests.conftest import seed_path

THIRD = Path(__file__).resolve().parents[1] / "data" / "collation" / "reuters_johannesburg.txt"
GLOBAL_TIMES, SPUTNIK, WIRE, XINHUA = 0, 1, 2, 3


@pytest.fixture(scope="module")
def accounts():
    return [load_article(seed_path("001")), load_article(seed_path("004")), load_article(THIRD)]


@pytest.fixture(scope="module")
def four(accounts):
    return [*accounts, load_article(seed_path("002"))]


@pytest.fixture(scope="module")
def pairs(four):
    return align_pairs([a.body for a in four])


def passage_starting(collation, text):
    (found,) = [p for p in collation.passages if p.span.text.startswith(text)]
    return found


def test_every_base_passage_says_which_accounts_carry_it_and_how(accounts) -> None:
    collation = collate_accounts(accounts)
    assert "".join(p.span.text for p in collation.passages)[:40] == accounts[GLOBAL_TIMES].body.lstrip()[:40]
    # The third account copied the CPC sentence word for word; Sputnik translated it.
    cornerstone = passage_starting(collation, "Wang, member of the Political Bureau")
    assert cornerstone.carriage(WIRE) == "verbatim"
    assert cornerstone.carriage(SPUTNIK) == "reworded"
    assert "cornerstone of national security" in cornerstone.reading(SPUTNIK).spans[0].text
    # The iron-curtain lead: both reword it.
    lead = passage_starting(collation, "The networks should be a big stage")
    assert {lead.carriage(SPUTNIK), lead.carriage(WIRE)} == {"reworded"}
    # Only the Global Times lists the delegations.
    delegates = passage_starting(collation, "Aside from BRICS countries")
    assert delegates.readings == ()
    assert any(s.text.startswith("Aside from BRICS countries") for s in collation.accounts[GLOBAL_TIMES].alone)


def test_passages_the_base_lacks_but_others_share_are_listed_once(accounts) -> None:
    collation = collate_accounts(accounts)
    firstly = [p for p in collation.shared if "Firstly, fair and reasonable cyberspace" in p.span.text]
    assert len(firstly) == 1
    (passage,) = firstly
    assert passage.account == SPUTNIK
    assert passage.carriage(WIRE) == "verbatim"
    # The Global Times has no such sentence: it is nowhere among the base's passages.
    assert not any("Firstly" in p.span.text for p in collation.passages)


def test_an_unrelated_account_shares_nothing(four, pairs) -> None:
    collation = collate(four, pairs)
    assert all(p.carriage(XINHUA) == "absent" for p in collation.passages)
    assert all(XINHUA not in {p.account, *(r.account for r in p.readings)} for p in collation.shared)
    summary = collation.accounts[XINHUA]
    assert (summary.coverage, summary.base_coverage, summary.story_coverage) == (0.0, 0.0, 0.0)
    # And the others read the same as without it.
    three = collate_accounts(four[:3])
    assert [(p.span, [r.account for r in p.readings]) for p in three.passages] == [
        (p.span, [r.account for r in p.readings]) for p in collation.passages
    ]


def test_switching_the_base_reads_the_same_table_against_another_account(four, pairs) -> None:
    collation = collate(four, pairs, base=SPUTNIK)
    assert collation.base == SPUTNIK
    assert all(p.account == SPUTNIK for p in collation.passages)
    assert "".join(p.span.text for p in collation.passages)[:40] == four[SPUTNIK].body.lstrip()[:40]
    cornerstone = next(p for p in collation.passages if "cornerstone of national security" in p.span.text)
    assert cornerstone.carriage(GLOBAL_TIMES) == "reworded"
    assert collation.accounts[SPUTNIK].base_coverage == 1.0
    assert collation.accounts[GLOBAL_TIMES].base_coverage == pairs(SPUTNIK, GLOBAL_TIMES).coverage_a


def test_pairs_aligned_in_parallel_are_the_pairs_aligned_in_turn(four, pairs) -> None:
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = align_pairs([a.body for a in four], executor=pool)
    for i in range(4):
        for j in range(4):
            if i != j:
                assert parallel(i, j) == pairs(i, j)


def test_json_offsets_index_each_clean_body(four, pairs) -> None:
    notes = [AccountNote(four[SPUTNIK].id, "a translation?", (10, 40)), AccountNote(four[0].id, "whole article")]
    document = json.loads(render_collation("json", collate(four, pairs), four, notes))
    assert list(document)[0] == "accounts"
    bodies = {a.id: a.body for a in four}
    assert [a["id"] for a in document["accounts"]] == [a.id for a in four]
    for account in document["accounts"]:
        assert {"id", "title", "outlet", "coverage"} <= set(account)
        assert 0 <= account["coverage"] <= 1
        for span in account["alone"]:
            assert bodies[account["id"]][span["start"] : span["end"]] == span["text"]
    checked = 0
    for passage in document["passages"] + document["shared"]:
        assert bodies[passage["account"]][passage["start"] : passage["end"]] == passage["text"]
        for reading in passage["readings"]:
            assert reading["kind"] in ("verbatim", "reworded")
            for span in reading["spans"]:
                assert bodies[reading["account"]][span["start"] : span["end"]] == span["text"]
                checked += 1
    assert checked > 10
    assert document["notes"][0] == {"account": four[SPUTNIK].id, "text": "a translation?", "start": 10, "end": 40}


def test_exports_carry_the_matrix_and_keep_hostile_text_inert(accounts) -> None:
    hostile = [replace(accounts[0], title="<script>x</script> [bold] # *head*"), *accounts[1:]]
    collation = collate_accounts(hostile)
    page = render_collation("html", collation, hostile, [AccountNote(hostile[1].id, "<b>note</b>", (0, 20))])
    assert "<script>x" not in page and "&lt;script&gt;x" in page and "&lt;b&gt;note" in page
    assert "default-src 'none'" in page
    cells = _count_cells(page, "mark")
    # a mark per other account beside every passage of the base, plus the legend rows
    assert cells >= 2 * len(collation.passages)
    markdown = render_collation("md", collation, hostile, [AccountNote(hostile[1].id, "the note", (0, 20))])
    assert "\\<script\\>" in markdown and "the note" in markdown
    assert "## Passages the base lacks that two or more others share" in markdown
    letters = initials(hostile)
    assert f"`{letters[1]}◧ {letters[2]}■`" in markdown  # the CPC sentence: Sputnik rewords, the wire copies


def _count_cells(page: str, css_class: str) -> int:
    found = []

    class Counter(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if css_class in (dict(attrs).get("class") or "").split():
                found.append(tag)

    Counter().feed(page)
    return len(found)


def test_initials_are_unique_letters_from_the_outlets(four) -> None:
    two_xinhua = [*four, replace(four[XINHUA], id="other", outlet="Xinhua")]
    assert initials(two_xinhua) == ["G", "S", "W", "X", "I"]


def test_cli_collates_files_with_a_base(capsys) -> None:
    paths = [str(seed_path("001")), str(seed_path("004")), str(THIRD)]
    assert main(["collate", *paths, "--base", str(THIRD), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["base"] == document["accounts"][2]["id"]
    assert main(["collate", *paths]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Collation of 3 accounts · base G")
    assert main(["collate", paths[0], "--base", paths[1]]) == 1
