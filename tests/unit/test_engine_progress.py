"""The engine's progress hook (engine/align/cancel.py): every stage reported, in running order, the
share done never going back, and one 'done' at the end; the contract the screen and the command line
rely on, whatever the stages become."""

from __future__ import annotations

from cyberread.engine.align import compare as compare_module
from cyberread.engine.align.cancel import Stages
from cyberread.engine.align.compare import compare_texts
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
    # Each report comes with a cancel check: a stage the reader sees running can also be stopped.
    assert set(range(1, len(heard))) <= set(checks)


def test_a_stage_whose_estimate_drops_does_not_move_the_whole_back() -> None:
    heard: list[tuple[str, float]] = []
    stages = Stages(lambda *report: heard.append(report), {"reading": 1.0, "pairing": 3.0})
    stages.at("reading", 0.5)
    stages.at("pairing", 0.5)
    stages.at("pairing", 0.25)  # the queue grew: fewer done than thought
    stages.at("pairing", 1.5)
    assert heard == [("reading", 0.125), ("pairing", 0.625), ("pairing", 0.625), ("pairing", 1.0)]
