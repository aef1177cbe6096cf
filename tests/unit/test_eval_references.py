"""The hand-written reference alignments are sound: every phrase is in its article, and no phrase
said to be left out is also part of a reference match."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cyberread.engine.ingest.articles import load_article

EVAL = Path(__file__).resolve().parents[1] / "eval"
REFERENCES = sorted(EVAL.glob("*.toml"))


def test_there_are_reference_pairs_of_every_kind() -> None:
    names = {path.stem.split("_")[0] for path in REFERENCES}
    assert {"translation", "wire", "reuse", "unrelated"} <= names


@pytest.mark.parametrize("path", REFERENCES, ids=lambda p: p.stem)
def test_every_phrase_is_in_its_clean_article(path: Path) -> None:
    reference = tomllib.loads(path.read_text(encoding="utf-8"))
    bodies = {side: " ".join(load_article(EVAL / reference[side]).body.split()) for side in ("a", "b")}
    for match in reference.get("match", []):
        assert match["a"] in bodies["a"] and match["b"] in bodies["b"], match
    for side in ("a", "b"):
        matched = [m[side] for m in reference.get("match", [])]
        for entry in reference.get(f"{side}_only", []):
            assert entry["text"] in bodies[side], entry
            assert not any(entry["text"] in m or m in entry["text"] for m in matched), entry
