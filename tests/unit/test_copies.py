"""Copied blocks (engine/align/copies.py): runs of clauses worded alike, in order, paired before any
scoring; what they leave goes through the usual selection."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cyberread.engine.align import copies
from cyberread.engine.align.candidates import candidate_pairs
from cyberread.engine.align.compare import compare_texts
from cyberread.engine.align.matching import prepare
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.text.words import WORD

PARAGRAPHS = [
    "The minister said on Monday that talks with the union would resume in Geneva next week.",
    "Mr. Ruiz, who leads the union, told reporters the offer of 4.5 percent was not enough for members.",
    "Officials in the U.S. and the U.K. said they expected a deal before the end of March this year.",
    "Negotiators met for six hours on Sunday without agreeing on the pension clause or on overtime.",
]


def _blocks(a: str, b: str) -> list[copies.Block]:
    side_a, side_b = prepare(a, b, MatchSettings())
    return copies.copied_blocks(side_a, side_b)


def test_two_versions_of_a_text_share_the_blocks_around_the_changed_paragraph() -> None:
    changed = [*PARAGRAPHS[:2], "A new paragraph about something else entirely, added later on.", PARAGRAPHS[3]]
    blocks = _blocks("\n\n".join(PARAGRAPHS), "\n\n".join(changed))
    side_a, _ = prepare("\n\n".join(PARAGRAPHS), "\n\n".join(changed), MatchSettings())
    covered = {i for first, _, n in blocks for i in range(first, first + n)}
    sentences = {side_a.pieces[side_a.clause_range[i][0]].sentence for i in covered}
    assert sentences == {0, 1, 3}


def test_a_moved_paragraph_is_still_a_copy_and_short_twins_are_left_to_the_selection() -> None:
    moved = [PARAGRAPHS[2], PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[3]]
    assert _blocks("\n\n".join(PARAGRAPHS), "\n\n".join(moved))
    assert _blocks("He said so. The talks went on.", "The talks went on. He said so.") == []


def test_texts_with_nothing_worded_alike_have_no_blocks() -> None:
    assert _blocks(PARAGRAPHS[0], "Heavy rain delayed the kick-off in Pamplona by forty minutes.") == []


def test_a_text_compared_with_itself_is_one_copied_match_with_no_candidates_left() -> None:
    lines = "\n".join(["security", "talks", "Geneva", "minister"] * 500)
    side_a, side_b = prepare(lines, lines, MatchSettings())
    blocks = copies.copied_blocks(side_a, side_b)
    assert blocks == [(0, 0, len(side_a.clause_range))]
    taken = (set(range(len(side_a.clause_range))), set(range(len(side_b.clause_range))))
    assert candidate_pairs(side_a, side_b, MatchSettings(), taken) == []
    comparison = compare_texts(lines, lines)
    assert len(comparison.matches) == 1 and not comparison.a_only and not comparison.b_only


def test_past_the_budget_only_the_common_start_and_end_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(copies, "LCS_BUDGET", 0)
    moved = [PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[1], PARAGRAPHS[3]]
    blocks = _blocks("\n\n".join(PARAGRAPHS), "\n\n".join(moved))
    side_a, _ = prepare("\n\n".join(PARAGRAPHS), "\n\n".join(moved), MatchSettings())
    firsts = sorted(side_a.pieces[side_a.clause_range[first][0]].sentence for first, _, _ in blocks)
    assert firsts == [0, 3]


def test_a_clauses_words_are_its_words_case_folded_whether_ascii_or_not() -> None:
    text = "The Minister said talks would RESUME next week. İSTANBUL’S Straße officials met. Don't STOP ſtate visits."
    side, _ = prepare(text, "Nothing alike.", MatchSettings())
    keys = side.clause_words
    expected = []
    for lo, hi in side.clause_range:
        words = WORD.findall(text, side.pieces[lo].start, side.pieces[hi - 1].end)
        expected.append(tuple(word.casefold() for word in words))
    assert keys == expected
    assert ("the", "minister", "said", "talks", "would", "resume", "next", "week") in keys
    assert ("i̇stanbul’s", "strasse", "officials", "met") in keys


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ’'-. ,;İıſßé\n")), st.text(alphabet=st.sampled_from("Ab’'- .ſ")))
def test_an_ascii_clauses_words_are_those_found_in_its_case_folded_text(text: str, other: str) -> None:
    # The ranking of candidates reads an ASCII clause's words from clause_words: they must be the words
    # of its case-folded text, which it read before (and still reads for any other clause).
    side, _ = prepare(text, other, MatchSettings())
    for clause, (lo, hi) in enumerate(side.clause_range):
        clause_text = text[side.pieces[lo].start : side.pieces[hi - 1].end]
        if clause_text.isascii():
            assert list(side.clause_words[clause]) == WORD.findall(clause_text.casefold())
