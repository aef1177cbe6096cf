"""The engine's progress hook (engine/align/cancel.py): every stage reported, in running order, the
share done never going back, and one 'done' at the end; the contract the screen and the command line
rely on, whatever the stages become."""

from __future__ import annotations

from itertools import count

import pytest

from cyberread.engine.align import compare as compare_module
from cyberread.engine.align.cancel import Cancelled, Stages
from cyberread.engine.align.compare import compare_texts
from cyberread.engine.text import words
from cyberread.engine.text.words import tokenize
from tests.app.test_compare import word_salad


def test_a_long_comparison_reports_every_stage_in_order_and_never_goes_back() -> None:
    heard: list[tuple[str, float]] = []
    checks: list[int] = []
    a, b = word_salad(1, paragraphs=400), word_salad(2, paragraphs=400)
    compare_texts(a, b, cancel=lambda: checks.append(len(heard)), progress=lambda *report: heard.append(report))
    stages = list(compare_module._SHARES)
    assert heard[-1] == ("done", 1.0) and [stage for stage, _ in heard].count("done") == 1
    order = [stages.index(stage) for stage, _ in heard[:-1]]
    assert order == sorted(order) and set(order) == set(range(len(stages)))
    shares = [share for _, share in heard]
    assert shares == sorted(shares) and shares[0] >= 0.0 and shares[-1] == 1.0
    # Each report comes with a cancel check: a stage the reader sees running can also be stopped. (A
    # report told again, as a long stretch of reading tells it, is the one before it once more.)
    told = [k for k in range(len(heard) - 1) if k == 0 or heard[k] != heard[k - 1]]
    assert {k + 1 for k in told} <= set(checks)


def test_a_stage_whose_estimate_drops_does_not_move_the_whole_back() -> None:
    heard: list[tuple[str, float]] = []
    stages = Stages(lambda *report: heard.append(report), {"reading": 1.0, "pairing": 3.0})
    stages.at("reading", 0.5)
    stages.at("pairing", 0.5)
    stages.at("pairing", 0.25)  # the queue grew: fewer done than thought
    stages.at("pairing", 1.5)
    assert heard == [("reading", 0.125), ("pairing", 0.625), ("pairing", 0.625), ("pairing", 1.0)]


def _checks_by_stage(a: str, b: str) -> dict[str, int]:
    """How many cancel checks a comparison of a with b makes in each stage (in this process)."""
    stage = ["before"]
    counted: dict[str, int] = {}

    def heard(name: str, _share: float) -> None:
        stage[0] = name

    def check() -> None:
        counted[stage[0]] = counted.get(stage[0], 0) + 1

    compare_texts(a, b, cancel=check, progress=heard)
    return counted


def _run_on(words: int) -> str:
    """One line that runs on (no paragraph breaks) of news-like words, names and figures."""
    return " ".join(f"{word_salad(words, paragraphs=words // 40)} Minister Ruiz paid {words} dollars".split("\n\n"))


def test_the_reading_of_a_long_text_and_the_weighing_of_what_it_left_out_are_checked_as_they_go() -> None:
    # A text of millions of words was read, and its left-out passage weighed, for half a minute without
    # a check: a screen left meanwhile went on using a core. Checks now come as the text is read: at
    # least one more for every 25,000 characters more of it (counted, not timed; below the size whose
    # work is split across processes, where the copy answers to this process).
    article = word_salad(7, paragraphs=3)
    shorter, longer = _run_on(8_000), _run_on(16_000)
    short, long = _checks_by_stage(shorter, article), _checks_by_stage(longer, article)
    for stage in ("reading the texts", "what each left out"):
        assert long[stage] - short[stage] >= (len(longer) - len(shorter)) / 25_000, (stage, short, long)


def test_a_comparison_cancelled_while_it_reads_stops_there() -> None:
    heard: list[str] = []
    checks = count(1)

    def cancel_on_fifth() -> None:
        if next(checks) == 5:  # the fifth check is well inside the reading of the long text
            raise Cancelled

    with pytest.raises(Cancelled):
        compare_texts(
            _run_on(16_000), word_salad(7, paragraphs=3), cancel=cancel_on_fifth, progress=lambda s, _: heard.append(s)
        )
    assert set(heard) == {"reading the texts"}


def test_a_long_stretch_is_tokenized_in_parts_as_it_is_whole(monkeypatch) -> None:
    # Parts of a few characters: every cut falls near a word, a value or a space run. A part that held
    # no space past its length once sent the reading round in circles.
    text = _run_on(400) + "  It cost 4.5 million dollars,  said Ana  O'Neill."
    whole = tokenize(text, 0, len(text))
    monkeypatch.setattr(words, "_CHECKED_STRETCH", 7)
    assert tokenize(text, 0, len(text)) == whole
