"""Scores the comparison engine against every reference alignment in the eval folder and prints,
per pair: reference matches found, left-out phrases reported, false inclusions, surviving furniture.

    .venv/bin/python bench/quality.py [-v] [EVAL_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluation import default_eval_dir, score_reference

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    folders = [a for a in argv if a != "-v"]
    eval_dirs = [Path(f) for f in folders] or [default_eval_dir(REPO), REPO / "tests" / "eval"]
    references = sorted(path for folder in eval_dirs for path in folder.glob("*.toml"))
    if not references:
        print(f"no reference files in {', '.join(map(str, eval_dirs))}", file=sys.stderr)
        return 1
    totals = [0, 0, 0, 0, 0, 0]
    for path in references:
        score = score_reference(path, REPO / "seeds")
        print(
            f"{score.name}: matches {len(score.matches_found)}/{score.match_total}, "
            f"left out reported {len(score.left_out_found)}/{score.left_out_total}, "
            f"left out wrongly in a match {len(score.left_out_in_match)}, "
            f"boilerplate present {len(score.boilerplate_present)}, matches reported {score.detections}"
        )
        false_pairs = score.detections if not score.match_total else 0
        for k, n in enumerate(
            (
                len(score.matches_found),
                score.match_total,
                len(score.left_out_found),
                score.left_out_total,
                len(score.left_out_in_match),
                false_pairs,
            )
        ):
            totals[k] += n
        if verbose:
            for label, items in (
                ("missed match", score.matches_missed),
                ("left out not reported", score.left_out_missed),
                ("left out inside a match", score.left_out_in_match),
                ("boilerplate present", score.boilerplate_present),
            ):
                for item in items:
                    print(f"  {label}: {item}")
    found, wanted, reported, left_out, inside, false_pairs = totals
    print(
        f"all: matches {found}/{wanted} ({found / max(1, wanted):.1%}), left out reported {reported}/{left_out} "
        f"({reported / max(1, left_out):.1%}), left out inside a match {inside} ({inside / max(1, left_out):.1%}), "
        f"false pairs between unrelated accounts {false_pairs}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
