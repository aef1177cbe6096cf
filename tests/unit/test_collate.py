"""Collation of three and four accounts: the two seeds of the Johannesburg speech, a third account written
from them by cutting and rewording (tests/data/collation), and an unrelated Xinhua article that must
share nothing; the exports and their offsets."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cyberread.cli import main
from cyberread.engine.align.relatedness import one_event
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
    # Sputnik as the base: the Global Times and the wire both give the meeting's dates, Sputnik not.
    collation = collate_accounts(accounts, base=SPUTNIK)
    dates = [p for p in collation.shared if "scheduled to last from Monday to Wednesday" in p.span.text]
    assert len(dates) == 1
    (passage,) = dates
    assert passage.account == GLOBAL_TIMES and passage.carriage(WIRE) != "absent"
    assert not any("scheduled to last" in p.span.text for p in collation.passages)


def test_a_sentence_the_base_carries_in_a_part_of_a_long_one_is_carried_not_lacked(accounts) -> None:
    # The four-point proposal, a sentence of its own in Sputnik and the wire, is a part of the Global
    # Times' long "four suggestions" sentence, which the pairwise comparisons match with it. It was
    # listed among the passages the base lacks, and before that shown nowhere (the wire first: half of
    # its sentence lay in a match whose Global Times side was too small a part of the long sentence).
    for order in ([0, 1, 2], [0, 2, 1]):
        listed = [accounts[i] for i in order]
        collation = collate_accounts(listed)
        assert not [p for p in collation.shared if "four-point proposal" in p.span.text or "Firstly" in p.span.text]
        four = passage_starting(collation, "The senior Chinese diplomat put forward four suggestions")
        for other in (1, 2):
            reading = four.reading(other)
            assert reading is not None
            assert any("four-point proposal" in span.text or "Firstly" in span.text for span in reading.spans)


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


def test_a_brief_of_the_story_is_carried_though_it_is_little_alike_the_full_accounts() -> None:
    """A 69-word brief of a court ruling: 0.15-0.27 alike the full accounts (below RELATED_SIMILARITY),
    which carry most of it. It read "0% of the base", where `compare` paired three of its sentences."""
    references = Path(__file__).resolve().parents[1] / "eval"
    wire, rewording = (load_article(references / f"wire_trial_{side}.txt") for side in "ab")
    brief = load_article(THIRD.with_name("world_brief_harlan.txt"))
    collation = collate_accounts([wire, rewording, brief])
    summary = collation.accounts[2]
    assert summary.base_coverage > 0.25 and summary.coverage > 0.25
    assert any(p.carriage(2) != "absent" for p in collation.passages)
    # Accounts of other events on one topic stay apart: of the seeds, Xinhua's cyber-security workshop
    # of 2011 carries half of itself in the Sputnik account of Wang Yi's speech, at 0.12.
    seeds = [load_article(seed_path(n)) for n in ("000", "004")]
    assert not one_event(seeds[0].body, seeds[1].body)
    assert one_event(wire.body, brief.body) and one_event(brief.body, wire.body)


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
    assert checked >= 10
    assert document["notes"][0] == {
        "account": four[SPUTNIK].id,
        "text": "a translation?",
        "author": None,
        "start": 10,
        "end": 40,
    }


def test_exports_carry_the_matrix_and_keep_hostile_text_inert(accounts) -> None:
    hostile = [replace(accounts[0], title="<script>x</script> [bold] # *head*"), *accounts[1:]]
    collation = collate_accounts(hostile)
    page = render_collation("html", collation, hostile, [AccountNote(hostile[1].id, "<b>note</b>", (0, 20))])
    assert "<script>x" not in page and "&lt;script&gt;x" in page and "&lt;b&gt;note" in page
    assert "default-src 'none'" in page
    cells = _count_cells(page, "mark")
    # a mark per other account beside every passage of the base, plus the legend rows
    assert cells >= 2 * len(collation.passages)
    alone = [row for row in csv.reader(io.StringIO(render_collation("csv", collation, hostile))) if row[0] == "alone"]
    assert len(alone) == sum(len(summary.alone) for summary in collation.accounts) > 0
    markdown = render_collation("md", collation, hostile, [AccountNote(hostile[1].id, "the note", (0, 20))])
    assert "\\<script\\>" in markdown and "the note" in markdown
    lacking = render_collation("md", collate(hostile, collation.pairs, base=SPUTNIK), hostile)
    assert "## Passages the base lacks that two or more others share" in lacking
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
    # A word that says nothing is passed over ("The Daily Courier" was T), and a second outlet of two words
    # takes its second word's letter (a second Continental Wire was O).
    named = [replace(four[i], id=str(i), outlet=o) for i, o in enumerate(["The Daily Courier", "Continental Wire"])]
    assert initials([*named, replace(named[1], id="again")]) == ["D", "C", "W"]


def test_cli_collates_files_with_a_base(capsys) -> None:
    paths = [str(seed_path("001")), str(seed_path("004")), str(THIRD)]
    assert main(["collate", *paths, "--base", str(THIRD), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["base"] == document["accounts"][2]["id"]
    assert main(["collate", *paths]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Collation of 3 accounts · base G")
    assert main(["collate", paths[0], "--base", paths[1]]) == 1


def test_two_accounts_give_no_share_of_the_story(accounts, capsys) -> None:
    # The story is what two or more accounts tell: with two, what both tell, all of each. Not "100%".
    assert main(["collate", str(seed_path("001")), str(seed_path("004"))]) == 0
    summaries = [line for line in capsys.readouterr().out.splitlines() if "of the story" in line]
    assert len(summaries) == 2 and all("· — of the story ·" in line for line in summaries)
    assert main(["collate", str(seed_path("001")), str(seed_path("004")), str(THIRD)]) == 0
    summaries = [line for line in capsys.readouterr().out.splitlines() if "of the story" in line]
    assert len(summaries) == 3 and not any("— of the story" in line for line in summaries)


def _account(outlet: str, body: str):
    return replace(load_article(seed_path("002")), id=outlet.casefold(), title=outlet, outlet=outlet, body=body)


def test_a_reading_says_what_its_account_gives_otherwise_a_misquote_or_a_figure_left_out() -> None:
    # The presence matrix said only "reworded": a changed quotation ("any" / "all") and a dropped death
    # toll, which the pairwise comparison finds, were not shown.
    quote = "“The wave came faster than any of our plans allowed for,” said the harbour master, Ines Duarte."
    toll = "Seven fishermen died and twelve boats sank off Porto Alvor, the coast guard said on Sunday."
    base = _account("Wire", f"{toll}\n\n{quote}\n\nThe harbour will stay shut until Wednesday, officials said.")
    misquoting = _account(
        "Courier",
        f"{toll}\n\n“The wave came faster than all of our plans allowed for,” said the harbour master, "
        "Ines Duarte.\n\nThe harbour will stay shut until Wednesday, officials said.",
    )
    dropping = _account(
        "Gazette",
        "Fishermen died and boats sank off Porto Alvor, the coast guard said on Sunday.\n\n"
        f"{quote}\n\nThe harbour will stay shut until Wednesday, officials said.",
    )
    collation = collate_accounts([base, misquoting, dropping])
    said = passage_starting(collation, "“The wave came")
    assert said.reading(1).quote == "misquote" and said.reading(2).quote == "same"
    dead = passage_starting(collation, "Seven fishermen")
    assert dead.reading(1).changes == () and dead.reading(2).changes == ("Seven → —", "twelve → —")
    text = render_collation("text", collation, [base, misquoting, dropping])
    assert "G: Seven → — · twelve → —" in text and "C: ≠ misquote" in text
    markdown = render_collation("md", collation, [base, misquoting, dropping])
    assert "- **C** reworded" in markdown and "· ≠ misquote:" in markdown
    exported = json.loads(render_collation("json", collation, [base, misquoting, dropping]))
    readings = [r for p in exported["passages"] for r in p["readings"]]
    assert {"quote", "changes"} <= set(readings[0]) and any(
        r["changes"] == ["Seven → —", "twelve → —"] for r in readings
    )
    # The CSV says it too, a column an account, and lists what each account alone carries.
    rows = list(csv.reader(io.StringIO(render_collation("csv", collation, [base, misquoting, dropping]))))
    header = rows[0]
    said_by = {name: header.index(name) for name in header if name.endswith(": otherwise")}
    assert len(said_by) == 3
    dropped = next(row for row in rows if row[4].startswith("Seven fishermen"))
    assert "Seven → — · twelve → —" in [dropped[i] for i in said_by.values()]
    assert "≠ misquote" in [cell for row in rows for cell in row]
    assert {row[0] for row in rows[1:]} <= {"base", "shared", "alone"}


def test_a_quotation_cut_short_is_said_to_be_cut_not_changed() -> None:
    # The pairwise comparison says "leaves words out, none changed"; the collation said "≠ misquote",
    # which reads as words put in the speaker's mouth.
    whole = (
        "“Search and rescue work continues at 11 buildings. Our teams will not stop until the last citizen is "
        "reached,” he said."
    )
    cut = "“Search and rescue work continues at 11 buildings,” Interior Minister Ali Yerlikaya told reporters."
    lead = "An earthquake of magnitude 5.9 struck Malatya province in eastern Turkey early on Wednesday."
    base = _account("Wire", f"{lead}\n\nThe interior minister spoke at a press conference. {whole}")
    cutting = _account("Courier", f"{lead}\n\n{cut}")
    other = _account("Gazette", f"{lead}\n\nThe interior minister spoke at a press conference. {whole}")
    collation = collate_accounts([base, cutting, other])
    said = passage_starting(collation, "“Search and rescue")
    reading = said.reading(1)
    assert reading is not None and reading.quote == "misquote" and reading.quote_cut
    assert reading.notes.startswith("≠ quote cut short") and not said.reading(2).quote_cut
    exported = json.loads(render_collation("json", collation, [base, cutting, other]))
    assert any(r["quote_cut"] for p in exported["passages"] for r in p["readings"])


def test_a_pair_the_reader_rejected_is_not_carried_in_the_collation(accounts, capsys) -> None:
    # The README says verdicts hold wherever the pair is compared again; the collation ignored them.
    from cyberread.engine.align.compare import compare_articles
    from cyberread.engine.align.verdicts import Verdict
    from cyberread.store.importing import open_library
    from cyberread.store.paths import locations
    from cyberread.store.verdicts import VerdictStore

    assert main(["add", str(THIRD)]) == 0
    ids = [a.id for a in accounts]

    def sputnik_carries_the_lead() -> bool:
        capsys.readouterr()
        assert main(["collate", *ids, "--format", "json"]) == 0
        lead = json.loads(capsys.readouterr().out)["passages"][0]
        assert lead["text"].startswith("The networks should be a big stage")
        return ids[SPUTNIK] in {r["account"] for r in lead["readings"]}

    assert sputnik_carries_the_lead()
    with open_library(locations()) as library:
        gt, sputnik = library.get(ids[GLOBAL_TIMES]), library.get(ids[SPUTNIK])
        assert gt is not None and sputnik is not None
        lead = compare_articles(gt, sputnik).matches[0]
        assert lead.a[0].text.startswith("The networks should be a big stage")
        VerdictStore(library).save(gt, sputnik, Verdict("rejected", lead.extent("a"), lead.extent("b")))
    assert not sputnik_carries_the_lead()


def test_versions_of_one_story_are_told_apart_by_their_ids(accounts) -> None:
    """The texts of one story fetched as it was edited share its title, outlet and date."""
    versions = [replace(a, title="One story", outlet="Harbour Herald", date="2025-03-01") for a in accounts]
    text = render_collation("text", collate_accounts(versions), versions)
    for version in versions:
        assert f"One story (Harbour Herald, 2025-03-01, {version.id})" in text
    plain = render_collation("text", collate_accounts(accounts), accounts)
    assert all(a.id not in plain.split("The base")[0] for a in accounts)


DATA = Path(__file__).resolve().parents[1] / "data"
QUAKE = [
    DATA / "quake_third_account.txt",
    DATA.parent / "eval" / "translation_quake_a.txt",
    DATA.parent / "eval" / "translation_quake_b.txt",
]
FERRY = {name: DATA / "ferry" / f"ferry_{name}.txt" for name in ("wire", "broadcaster", "brief", "local")}


@pytest.fixture(scope="module")
def quake():
    return [load_article(path) for path in QUAKE]


@pytest.fixture(scope="module")
def quake_pairs(quake):
    return align_pairs([a.body for a in quake])


def test_what_the_base_carries_is_not_listed_as_lacked(quake, quake_pairs) -> None:
    # The turkey account (T) as the base: sentences of the others that T's own pairwise matches hold
    # were listed among "the passages the base lacks": the minister's quotation, word for word in T,
    # and the toll T gives in its first sentence.
    collation = collate(quake, quake_pairs)
    lacked = " ".join(p.span.text for p in collation.shared)
    assert "Search and rescue work continues at 11 buildings" not in lacked
    assert "At least 14 people died" not in lacked
    for passage in collation.shared:
        held = [(s.start, s.end) for m in quake_pairs(passage.account, 0).matches for s in m.a]
        covered = sum(max(0, min(e, passage.span.end) - max(s, passage.span.start)) for s, e in held)
        assert covered < (passage.span.end - passage.span.start) / 3


def test_the_same_accounts_and_base_collate_alike_in_any_order(quake) -> None:
    def said(order: list[int]) -> tuple[set[str], dict[str, float]]:
        accounts = [quake[i] for i in order]
        collation = collate_accounts(accounts)
        shares = {accounts[s.index].id: s.story_coverage for s in collation.accounts}
        return {p.span.text for p in collation.shared}, shares

    assert said([0, 1, 2]) == said([0, 2, 1])


def test_a_passage_quotes_only_where_its_sentences_do(quake, quake_pairs) -> None:
    # M as the base: D's match of three sentences ends with the minister's words on both sides, and its
    # first two, which quote nobody, were said to give the quote "in other words".
    collation = collate(quake, quake_pairs, base=1)
    for opening in ("Most of the dead were", "The interior minister spoke"):
        reading = passage_starting(collation, opening).reading(2)
        assert reading is not None and reading.quote == "none"
    quoting = passage_starting(collation, '"This is a miracle').reading(2)
    assert quoting is not None and quoting.quote != "none"


def test_a_figure_the_other_account_gives_elsewhere_is_not_left_out() -> None:
    # The brief as the base: "140 → —" was said of the wire, which gives the 140 passengers a sentence
    # later; the local paper gives 150, and is still said not to give 140 there.
    accounts = [load_article(FERRY[name]) for name in ("brief", "wire", "broadcaster", "local")]
    collation = collate_accounts(accounts)
    lead = passage_starting(collation, "A ferry carrying about 140 passengers")
    wire, local = lead.reading(1), lead.reading(3)
    assert wire is not None and "140 → —" not in wire.changes
    assert local is not None and "140 → —" in local.changes


def test_an_account_dated_far_from_the_base_is_asked_about() -> None:
    # The same ferry's second accident, fifteen months on, told alike: the alignment carried it as 46%
    # of the base, reworded, with "Santa Amalia → Orla Star", and nothing said it might be another event
    # (the stories keep them apart by their dates).
    from cyberread.engine.corpus.collate import days_from_base

    accounts = [
        load_article(FERRY["wire"]),
        load_article(FERRY["broadcaster"]),
        load_article(DATA / "ferry" / "ferry_2026.txt"),
    ]
    far = days_from_base([a.date for a in accounts], 0)
    assert list(far) == [2] and far[2] > 365
    collation = collate_accounts(accounts)
    text = render_collation("text", collation, accounts)
    assert text.count("another event told alike?") == 1
    assert f"dated {far[2]:,} days after the base: another event told alike?" in text
    assert "another event told alike?" in render_collation("md", collation, accounts)
