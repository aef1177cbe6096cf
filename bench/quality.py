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
    eval_dir = Path(folders[0]) if folders else default_eval_dir(REPO)
    references = sorted(eval_dir.glob("*.toml"))
    if not references:
        print(f"no reference files in {eval_dir}", file=sys.stderr)
        return 1
    for path in references:
        score = score_reference(path, REPO / "seeds")
        print(
            f"{score.name}: matches {len(score.matches_found)}/{score.match_total}, "
            f"left out reported {len(score.left_out_found)}/{score.left_out_total}, "
            f"left out wrongly in a match {len(score.left_out_in_match)}, "
            f"boilerplate present {len(score.boilerplate_present)}"
        )
        if verbose:
            for label, items in (
                ("missed match", score.matches_missed),
                ("left out not reported", score.left_out_missed),
                ("left out inside a match", score.left_out_in_match),
                ("boilerplate present", score.boilerplate_present),
            ):
                for item in items:
                    print(f"  {label}: {item}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
