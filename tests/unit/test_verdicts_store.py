"""The reader's verdicts in the library: kept across a restart, following an edited re-import like
notes do, and applied by `cyberread compare` in every export."""

from __future__ import annotations

import json
from pathlib import Path

from cyberread.cli import main
from cyberread.engine.align.compare import compare_articles
from cyberread.engine.align.verdicts import Verdict
from cyberread.engine.ingest.articles import load_article
from cyberread.store.importing import import_paths, open_library
from cyberread.store.paths import locations
from cyberread.store.verdicts import VerdictStore
from tests.conftest import seed_path


def test_a_rejected_match_stays_rejected_after_a_restart_and_in_every_export(capsys) -> None:
    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    comparison = compare_articles(a, b)
    wrong, right = comparison.matches[1], comparison.matches[0]
    with open_library(locations()) as library:
        import_paths(library, [seed_path("001"), seed_path("004")])
        store = VerdictStore(library, "Ana Lima")  # a desk's library: each verdict says whose it is
        store.save(a, b, Verdict("rejected", wrong.extent("a"), wrong.extent("b")))
        accepted = store.save(b, a, Verdict("accepted", right.extent("b"), right.extent("a")))
    with open_library(locations()) as library:  # a restart
        store = VerdictStore(library)
        assert [v.kind for v in store.list(a.id, b.id)] == ["rejected", "accepted"]
        assert store.list(a.id, b.id)[1].a == right.extent("a")  # saved from b's side, listed from a's
    assert main(["compare", a.id, b.id, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [m["a"][0]["start"] for m in document["rejected"]] == [wrong.a[0].start]
    assert wrong.a[0].start not in [m["a"][0]["start"] for m in document["matches"]]
    assert any(s["start"] <= wrong.a[0].start < s["end"] for s in document["a_only"])
    assert (document["matches"][0]["verdict"], document["matches"][0]["verdict_by"]) == ("accepted", "Ana Lima")
    assert {m["verdict"] for m in document["matches"][1:]} == {None}
    assert main(["compare", a.id, b.id, "--format", "csv"]) == 0
    assert "confirmed by Ana Lima" in capsys.readouterr().out
    assert main(["compare", a.id, b.id]) == 0
    assert "Rejected by the reader (1)\n  by Ana Lima\n" in capsys.readouterr().out
    with open_library(locations()) as library:  # undo
        assert VerdictStore(library).delete(accepted.id or 0)
    assert main(["compare", a.id, b.id, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["matches"][0]["verdict"] is None


def test_a_verdict_follows_an_edited_reimport(tmp_path: Path) -> None:
    story = tmp_path / "globaltimes.txt"
    # Not the seed's text, which the library already holds under the seed's path.
    story.write_text(seed_path("001").read_text(encoding="utf-8").replace("Johannesburg", "Johannesburg, SA", 1))
    other = load_article(seed_path("004"))
    with open_library(locations()) as library:
        import_paths(library, [story, seed_path("004")])
        old = load_article(story)
        match = compare_articles(old, other).matches[2]
        store = VerdictStore(library)
        store.save(old, other, Verdict("rejected", match.extent("a"), match.extent("b")))
        story.write_text(
            story.read_text(encoding="utf-8").replace(
                "The senior Chinese diplomat", "Officials listened.\n\nThe diplomat"
            ),
            encoding="utf-8",
        )
        assert import_paths(library, [story]).replaced == 1
        new = load_article(story)
        (moved,) = store.list(new.id, other.id)
        assert not moved.detached and moved.a != match.extent("a")
        assert new.body[slice(*moved.a)] == old.body[slice(*match.extent("a"))].replace("The senior Chinese", "The")
        judged = store.judged(compare_articles(new, other), new, other)
        assert len(judged.rejected) == 1 and judged.rejected[0].b == match.b


def test_a_link_made_by_hand_keeps_who_made_it() -> None:
    from cyberread.engine.align.verdicts import apply_verdicts

    a, b = load_article(seed_path("001")), load_article(seed_path("004"))
    comparison = compare_articles(a, b)
    place_a, place_b = comparison.a_only[0], comparison.b_only[0]
    link = Verdict("linked", (place_a.start, place_a.end), (place_b.start, place_b.end), author="Ben")
    judged = apply_verdicts(comparison, [link], a.body, b.body)
    (made,) = [m for m in judged.matches if m.verdict == "linked"]
    assert made.judged_by == "Ben"
