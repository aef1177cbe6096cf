"""Counts in the user's language: one of a thing is singular."""

from __future__ import annotations

from cyberread.engine.text.plural import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert counted(1, "match", "matches") == "1 match"
    assert [counted(n, "match", "matches") for n in (0, 2)] == ["0 matches", "2 matches"]
    assert counted(1, "group") == "1 group" and counted(12_345, "group") == "12,345 groups"
    assert counted(1, "phrase recurs", "phrases recur") == "1 phrase recurs"
    assert counted(3, "phrase recurs", "phrases recur") == "3 phrases recur"
