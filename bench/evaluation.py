"""Scoring the engine against hand-made reference alignments (the eval/*.toml files): how many of
the reference matches it finds, which left-out phrases it reports, and what furniture survived."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from cyberread.engine.align.compare import Comparison, Span, compare_articles
from cyberread.engine.align.settings import MatchSettings
from cyberread.engine.ingest.articles import Article, load_article


def _squash(text: str) -> str:
    """Whitespace-insensitive form, so a phrase still counts when a span breaks its line."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class PairScore:
    """How one comparison fares against its reference file."""

    name: str
    matches_found: list[str] = field(default_factory=list)
    matches_missed: list[str] = field(default_factory=list)
    left_out_found: list[str] = field(default_factory=list)
    left_out_missed: list[str] = field(default_factory=list)
    left_out_in_match: list[str] = field(default_factory=list)
    boilerplate_present: list[str] = field(default_factory=list)
    detections: int = 0
    """How many matches the engine reported: with no reference match, every one is a false pair."""

    @property
    def match_total(self) -> int:
        return len(self.matches_found) + len(self.matches_missed)

    @property
    def left_out_total(self) -> int:
        return len(self.left_out_found) + len(self.left_out_missed)


def default_eval_dir(repo_root: Path | None = None) -> Path:
    """`$CYBERREAD_EVAL_DIR`, else `../shared/eval` beside the repository."""
    if os.environ.get("CYBERREAD_EVAL_DIR"):
        return Path(os.environ["CYBERREAD_EVAL_DIR"])
    root = repo_root or Path(__file__).resolve().parents[1]
    return root.parent / "shared" / "eval"


def _inside_any(phrase: str, spans: tuple[Span, ...]) -> bool:
    return any(phrase in _squash(span.text) for span in spans)


def _overlaps_match(phrase: str, body: str, spans: list[Span]) -> bool:
    """True when any occurrence of the phrase shares a character with a matched span."""
    for found in re.finditer(re.escape(phrase), body):
        if any(s.start < found.end() and found.start() < s.end for s in spans):
            return True
    return False


def score_comparison(name: str, reference: dict, a: Article, b: Article, comparison: Comparison) -> PairScore:
    """Check one comparison against a parsed reference table."""
    score = PairScore(name)
    for expected in reference.get("match", []):
        phrase_a, phrase_b = _squash(expected["a"]), _squash(expected["b"])
        hit = any(
            phrase_a in _squash(" ".join(s.text for s in m.a)) and phrase_b in _squash(" ".join(s.text for s in m.b))
            for m in comparison.matches
        )
        (score.matches_found if hit else score.matches_missed).append(f"{expected['a']} ~ {expected['b']}")
    for side, article, left_out in (("a", a, comparison.a_only), ("b", b, comparison.b_only)):
        matched = [s for m in comparison.matches for s in (m.a if side == "a" else m.b)]
        for expected in reference.get(f"{side}_only", []):
            phrase = expected["text"]
            label = f"{side}: {phrase}"
            (score.left_out_found if _inside_any(_squash(phrase), left_out) else score.left_out_missed).append(label)
            if _overlaps_match(phrase, article.body, matched):
                score.left_out_in_match.append(label)
    for expected in reference.get("boilerplate", []):
        phrase = _squash(expected["text"])
        if phrase in _squash(a.body) or phrase in _squash(b.body):
            score.boilerplate_present.append(expected["text"])
    return score


def score_reference(path: Path, seeds: Path, settings: MatchSettings | None = None) -> PairScore:
    """Load the reference file at `path`, compare the two articles it names, and score the result."""
    reference = tomllib.loads(path.read_text(encoding="utf-8"))
    # Articles sit beside their reference file, or (for the shipped seeds) in the seed folder.
    a, b = (load_article(_beside(path, reference[side], seeds)) for side in ("a", "b"))
    comparison = compare_articles(a, b, settings)
    score = score_comparison(path.stem, reference, a, b, comparison)
    score.detections = len(comparison.matches)
    return score


def _beside(reference: Path, name: str, seeds: Path) -> Path:
    here = reference.parent / name
    return here if here.exists() else seeds / name
