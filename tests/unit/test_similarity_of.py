"""`similarity_of` is the similarity the whole comparison reports, to the bit, for real accounts of
one event, of different events, copies and edits of them, and hostile text, in either order."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cyberread.engine.align.compare import compare_texts, similarity_of
from cyberread.engine.ingest.articles import load_article
from cyberread.resources import seeds_dir
from tests.unit.test_engine_properties import texts

EVAL = Path(__file__).resolve().parents[1] / "eval"
BODIES = [load_article(path).body for path in [*sorted(seeds_dir().glob("*.txt")), *sorted(EVAL.glob("*.txt"))]]
PAIRS = [
    pytest.param(path, path.with_name(path.name.replace("_a.", "_b.")), id=path.stem)
    for path in sorted(EVAL.glob("*_a.txt"))
]


@pytest.mark.parametrize(("path_a", "path_b"), PAIRS)
def test_each_reference_pair_has_its_comparisons_similarity_both_ways(path_a: Path, path_b: Path) -> None:
    a, b = load_article(path_a).body, load_article(path_b).body
    assert (
        similarity_of(a, b) == similarity_of(b, a) == compare_texts(a, b).similarity == compare_texts(b, a).similarity
    )


def test_the_seeds_against_each_other_and_themselves() -> None:
    seeds = BODIES[:5]
    for a in seeds:
        for b in seeds:
            assert similarity_of(a, b) == compare_texts(a, b).similarity


def _edited(body: str, data: st.DataObject) -> str:
    """The body with some of its lines dropped, repeated or moved, and words swapped, as a rewrite does."""
    lines = body.splitlines()
    kept = data.draw(st.lists(st.sampled_from(lines), max_size=len(lines))) if lines else []
    words = " ".join(kept).split()
    swaps = data.draw(st.lists(st.integers(0, max(0, len(words) - 1)), max_size=10))
    for at in swaps:
        if words:
            words[at] = "changed"
    return " ".join(words) if data.draw(st.booleans()) else "\n".join(kept)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(BODIES), st.data())
def test_an_account_against_an_edit_of_itself_or_of_another(body: str, data: st.DataObject) -> None:
    other = _edited(data.draw(st.sampled_from([body, *BODIES])), data)
    assert similarity_of(body, other) == compare_texts(body, other).similarity
    assert similarity_of(other, body) == compare_texts(other, body).similarity


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, texts)
def test_hostile_text(a: str, b: str) -> None:
    assert similarity_of(a, b) == compare_texts(a, b).similarity
